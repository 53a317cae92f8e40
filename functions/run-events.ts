import * as df from "durable-functions";
import { durableClientPort } from "../shared/pipelines/landing/orchestration-port.js";
import { createRunEventsHandler } from "../shared/pipelines/run-job/run-events.handler.js";
import { createRunIndex } from "../shared/pipelines/run-job/run-index.js";
import { appRuntime } from "../shared/runtime/app-runtime.js";
import { createLogger, invocationSink } from "../shared/runtime/logger.js";

// Databricks job notifications (generic webhook destination) wake the runJob watching a run (issue #7,
// ADR 0021). Anonymous at the Functions level: Databricks can send only basic auth, checked by the handler.
const handle = createRunEventsHandler({
  auth: () => appRuntime().config.runEvents.auth,
  runIndex: () => {
    const rt = appRuntime();
    const at = rt.config.lake.orchestrator;
    return at === undefined ? undefined : createRunIndex(rt.lake.at(at));
  },
  runsFor: (target) => appRuntime().workspaces.clientFor(target).jobs,
  logger: (context) => createLogger({ sink: invocationSink(context) }),
});

df.app.client.http("databricksRunEvents", {
  route: "databricks/run-events",
  methods: ["POST"],
  authLevel: "anonymous",
  handler: (request, client, context) => handle(request, context, durableClientPort(client)),
});
