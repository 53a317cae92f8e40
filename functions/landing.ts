import { app, type InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { fileURLToPath } from "node:url";
import { implement } from "../shared/durable/implement.js";
import { bundleTriggerSource } from "../shared/pipelines/config/files.js";
import { createLandingActivities } from "../shared/pipelines/landing/landing.activities.js";
import { createLandingDelivery } from "../shared/pipelines/landing/delivery.js";
import {
  LANDING_ORCHESTRATION,
  LANDING_ORCHESTRATION_V2,
  StartLandingPipeline,
} from "../shared/pipelines/landing/landing.contracts.js";
import { landingDebounceV2Orchestrator } from "../shared/pipelines/landing/landing-v2.orchestrator.js";
import { landingDebounceOrchestrator } from "../shared/pipelines/landing/landing.orchestrator.js";
import { cachedClientPorts, durableClientPort } from "../shared/pipelines/landing/orchestration-port.js";
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
  // Shared by every invocation of this worker: concurrent events of one partition share a raise.
  delivery: createLandingDelivery(),
};

// Event Grid subscription with the Functions endpoint: the host does the validation handshake. Plain
// app.eventGrid with the client input, so one DurableClient serves every invocation (cachedClientPorts).
const clientInput = df.input.durableClient();
const clientPorts = cachedClientPorts(
  (context: InvocationContext) => context.extraInputs.get(clientInput),
  (context) => df.getClient(context),
);
const onStorageEvent = createStorageEventGridHandler(deps);
app.eventGrid("storageEvents", {
  extraInputs: [clientInput],
  handler: (event, context) => onStorageEvent(event, clientPorts(context), context),
});

// Plain webhook subscriptions (either schema); both handshakes are answered by the handler.
df.app.client.http("storageEventsWebhook", {
  route: "events/storage",
  methods: ["POST", "OPTIONS"],
  authLevel: "function",
  handler: createStorageWebhookHandler(deps),
});

// V1 stays registered so instances started before the V2 ingress can finish (names live in history).
df.app.orchestration(LANDING_ORCHESTRATION, landingDebounceOrchestrator);
df.app.orchestration(LANDING_ORCHESTRATION_V2, landingDebounceV2Orchestrator);

df.app.activity(StartLandingPipeline.name, {
  extraInputs: [df.input.durableClient()],
  handler: implement(StartLandingPipeline, (input, context) =>
    createLandingActivities({
      orchestrations: durableClientPort(df.getClient(context)),
    }).startLandingPipeline(input),
  ),
});
