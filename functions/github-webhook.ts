import * as df from "durable-functions";
import { loadConfig } from "../shared/config/load.js";
import { durableStarter } from "../shared/durable/start-once.js";
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

df.app.client.http("githubWebhook", {
  route: "github/webhook",
  methods: ["POST"],
  authLevel: "anonymous",
  handler: (request, client, context) => handle(request, context, durableStarter(client)),
});
