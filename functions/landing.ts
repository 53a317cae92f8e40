import * as df from "durable-functions";
import { fileURLToPath } from "node:url";
import { implement } from "../shared/durable/implement.js";
import { bundleTriggerSource } from "../shared/pipelines/config/files.js";
import { createLandingActivities } from "../shared/pipelines/landing/landing.activities.js";
import {
  LANDING_ORCHESTRATION,
  StartLandingPipeline,
} from "../shared/pipelines/landing/landing.contracts.js";
import { landingDebounceOrchestrator } from "../shared/pipelines/landing/landing.orchestrator.js";
import { durableClientPort } from "../shared/pipelines/landing/orchestration-port.js";
import {
  createStorageEventGridHandler,
  createStorageWebhookHandler,
  type StorageEventDeps,
} from "../shared/pipelines/landing/storage-events.handler.js";
import { createLogger, invocationSink } from "../shared/runtime/logger.js";

// Data landing → pipeline (issue #7). Function, orchestration and activity names are stored in durable
// history and in Event Grid subscriptions: never rename them. Sidecars are bundles/*/orchestrator.yml,
// found from dist/functions/ at the app root.
const deps: StorageEventDeps = {
  triggers: bundleTriggerSource(fileURLToPath(new URL("../../bundles/", import.meta.url))),
  logger: (context) => createLogger({ sink: invocationSink(context) }),
};

// Event Grid subscription with the Functions endpoint: the host does the validation handshake.
df.app.client.eventGrid("storageEvents", { handler: createStorageEventGridHandler(deps) });

// Plain webhook subscriptions (either schema); both handshakes are answered by the handler.
df.app.client.http("storageEventsWebhook", {
  route: "events/storage",
  methods: ["POST", "OPTIONS"],
  authLevel: "function",
  handler: createStorageWebhookHandler(deps),
});

df.app.orchestration(LANDING_ORCHESTRATION, landingDebounceOrchestrator);

df.app.activity(StartLandingPipeline.name, {
  extraInputs: [df.input.durableClient()],
  handler: implement(StartLandingPipeline, (input, context) =>
    createLandingActivities({
      orchestrations: durableClientPort(df.getClient(context)),
    }).startLandingPipeline(input),
  ),
});
