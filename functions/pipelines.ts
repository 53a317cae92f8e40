import * as df from "durable-functions";
import { fileURLToPath } from "node:url";
import { implement } from "../shared/durable/implement.js";
import { durableClientPort } from "../shared/pipelines/landing/orchestration-port.js";
import { GetOrchestrationStatus } from "../shared/pipelines/run-job/parent-watch.contracts.js";
import { RUN_JOB_ORCHESTRATION, runJobOrchestrator } from "../shared/pipelines/run-job/index.js";
import { PIPELINE_ORCHESTRATION } from "../shared/pipelines/train-evaluate-register/pipeline.contracts.js";
import { trainEvaluateRegisterOrchestrator } from "../shared/pipelines/train-evaluate-register/pipeline.orchestrator.js";
import {
  durableStatusPort,
  pipelineRoutes,
} from "../shared/pipelines/train-evaluate-register/status.handler.js";
import { pipelineActivities } from "../shared/pipelines/train-evaluate-register/wiring.js";
import { appRuntime } from "../shared/runtime/app-runtime.js";

// Landed batch → train → evaluate → register (issue #7). Orchestration, activity and function names are
// stored in history or used in URLs: never rename them. Bundles are read from the app root (dist/functions/..).
const bundlesDir = fileURLToPath(new URL("../../bundles/", import.meta.url));

df.app.orchestration(PIPELINE_ORCHESTRATION, trainEvaluateRegisterOrchestrator);
df.app.orchestration(RUN_JOB_ORCHESTRATION, runJobOrchestrator);
for (const activity of pipelineActivities(appRuntime, bundlesDir)) {
  df.app.activity(activity.name, { handler: activity.handler });
}
df.app.activity(GetOrchestrationStatus.name, {
  extraInputs: [df.input.durableClient()],
  handler: implement(GetOrchestrationStatus, async (input, context) => ({
    runtimeStatus: (await durableClientPort(df.getClient(context)).status(input.instanceId)) ?? null,
  })),
});

for (const route of pipelineRoutes(durableStatusPort)) {
  df.app.client.http(route.name, {
    route: route.route,
    methods: [route.method],
    authLevel: "function",
    handler: route.handle,
  });
}
