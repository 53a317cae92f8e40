import * as df from "durable-functions";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../shared/config/load.js";
import { promote } from "../shared/pipelines/promotion/routes.js";
import { appRuntime } from "../shared/runtime/app-runtime.js";

// Promotion with approval (issue #8). Function names are part of the URL-less admin surface and of
// durable history: never rename them. Keys: function level, behind App Service authentication in Azure.
const api = promote.api({ settings: () => promote.settingsOf(loadConfig()) });

for (const route of api) {
  df.app.client.http(route.name, {
    route: route.route,
    methods: [route.method],
    authLevel: "function",
    handler: (request, client) => route.handle(request, client),
  });
}

df.app.orchestration(promote.orchestrations.promote.name, promote.orchestrations.promote.handler);
df.app.orchestration(promote.orchestrations.rollback.name, promote.orchestrations.rollback.handler);

// Sidecars and bundles from the app's own bundles/ (dist/functions/ → the app root), as functions/landing.ts.
// The deploy (DeployCommit) and smoke run (runJob) are sub-orchestrations their owners register.
const bundlesRoot = fileURLToPath(new URL("../../bundles/", import.meta.url));
for (const activity of promote.activities(appRuntime, { bundlesRoot })) {
  df.app.activity(activity.name, { handler: activity.handler });
}
