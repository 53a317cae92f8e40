import { app } from "@azure/functions";
import { loadConfig } from "../shared/config/load.js";
import { createHealthHandler } from "../shared/health/health.handler.js";
import { readAppVersion } from "../shared/runtime/app-version.js";

// Anonymous so load balancers and the local stack can probe it without keys (issue #2).
app.http("health", {
  route: "health",
  methods: ["GET"],
  authLevel: "anonymous",
  handler: createHealthHandler({ loadConfig: () => loadConfig(), version: readAppVersion() }),
});
