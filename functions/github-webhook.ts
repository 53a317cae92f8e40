import { app } from "@azure/functions";
import * as df from "durable-functions";
import { loadConfig } from "../shared/config/load.js";
import { lazyDurableStarter } from "../shared/durable/start-once.js";
import { webhookSettingsFrom } from "../shared/github/webhook-settings.js";
import { createGithubWebhookHandler } from "../shared/github/webhook.handler.js";
import { DEPLOY_ON_PUSH } from "../shared/pipelines/deploy-on-push/deploy.contracts.js";
import { createLogger, invocationSink } from "../shared/runtime/logger.js";

// Anonymous: the X-Hub-Signature-256 HMAC is the authentication (issue #6).
const handle = createGithubWebhookHandler({
  settings: webhookSettingsFrom(() => loadConfig()),
  orchestrator: DEPLOY_ON_PUSH,
  logger: (context) => createLogger({ sink: invocationSink(context) }),
});

// app.http with the durable client input instead of df.app.client.http, which builds a client for
// every delivery: the client is made only when a delivery starts a deploy (lazyDurableStarter).
app.http("githubWebhook", {
  route: "github/webhook",
  methods: ["POST"],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: (request, context) =>
    handle(
      request,
      context,
      lazyDurableStarter(() => df.getClient(context)),
    ),
});
