import * as df from "durable-functions";
import { deployOnPushRegistrations } from "../shared/pipelines/deploy-on-push/registration.js";
import { appRuntime } from "../shared/runtime/app-runtime.js";
import { createDeployOnPushServices, type DeployOnPushServices } from "../shared/runtime/deploy-on-push.js";

// GitHub push → deploy (issue #6; ADR 0022). Orchestration and activity names are stored in durable
// history: never rename them. Services are built on first use, inside an invocation (appRuntime).
let services: DeployOnPushServices | undefined;
const registrations = deployOnPushRegistrations(
  () => (services ??= createDeployOnPushServices(appRuntime())),
  (context) => df.getClient(context),
);

for (const o of registrations.orchestrations) df.app.orchestration(o.name, o.handler);

for (const a of registrations.activities) {
  df.app.activity(a.name, {
    ...(a.needsClient ? { extraInputs: [df.input.durableClient()] } : {}),
    handler: a.handler,
  });
}
