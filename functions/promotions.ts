import * as df from "durable-functions";
import { loadConfig } from "../shared/config/load.js";
import { promote } from "../shared/pipelines/promotion/routes.js";

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
