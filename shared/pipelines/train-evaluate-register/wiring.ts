import { implement, type ActivityHandler } from "../../durable/implement.js";
import type { Runtime } from "../../runtime/runtime.js";
import { createRunIndex } from "../run-job/run-index.js";
import { createRunJobActivities } from "../run-job/run-job.activities.js";
import { CancelJobRun, GetJobRun, SubmitJobRun } from "../run-job/run-job.contracts.js";
import { createPipelineActivities } from "./pipeline.activities.js";
import {
  FindAliasedVersion,
  FindRegisteredVersion,
  FindTrainRun,
  ReadRunMetrics,
  ResolveDeployment,
  ResolvePipelinePlan,
  TagModelVersion,
  WriteLineage,
} from "./pipeline.contracts.js";

/** One activity to register: its durable name and an `implement()`ed handler. */
export interface ActivityRegistration {
  readonly name: string;
  readonly handler: ActivityHandler<unknown>;
}

/**
 * The activities of trainEvaluateRegister and runJob over the app's runtime. `runtime` is called inside
 * each invocation (never at module load), so a bad setting fails that invocation with a ConfigError.
 */
export function pipelineActivities(runtime: () => Runtime, bundlesDir: string): ActivityRegistration[] {
  const pipeline = () =>
    createPipelineActivities({
      bundlesDir,
      workspaceFor: (target) => runtime().workspaces.clientFor(target),
      lakeAt: (location) => runtime().lake.at(location),
      // A callback can only find its watcher through the run index, which lives in ORCHESTRATOR_LAKE.
      callbacks:
        runtime().config.runEvents.auth !== undefined && runtime().config.lake.orchestrator !== undefined,
    });
  const runJob = () => {
    const { lake, config, workspaces } = runtime();
    const records = config.lake.orchestrator;
    return createRunJobActivities({
      jobsFor: (target) => workspaces.clientFor(target).jobs,
      // Completion callbacks find a run's watcher here (ADR 0021); without it, polling alone sees the end.
      ...(records === undefined ? {} : { runIndex: createRunIndex(lake.at(records)) }),
    });
  };
  const entries: ActivityRegistration[] = [
    { name: SubmitJobRun.name, handler: implement(SubmitJobRun, (i) => runJob().submitJobRun(i)) },
    { name: GetJobRun.name, handler: implement(GetJobRun, (i) => runJob().getJobRun(i)) },
    { name: CancelJobRun.name, handler: implement(CancelJobRun, (i) => runJob().cancelJobRun(i)) },
    {
      name: ResolvePipelinePlan.name,
      handler: implement(ResolvePipelinePlan, (i) => pipeline().resolvePipelinePlan(i)),
    },
    {
      name: ResolveDeployment.name,
      handler: implement(ResolveDeployment, (i) => pipeline().resolveDeployment(i)),
    },
    { name: FindTrainRun.name, handler: implement(FindTrainRun, (i) => pipeline().findTrainRun(i)) },
    { name: ReadRunMetrics.name, handler: implement(ReadRunMetrics, (i) => pipeline().readRunMetrics(i)) },
    {
      name: FindAliasedVersion.name,
      handler: implement(FindAliasedVersion, (i) => pipeline().findAliasedVersion(i)),
    },
    {
      name: FindRegisteredVersion.name,
      handler: implement(FindRegisteredVersion, (i) => pipeline().findRegisteredVersion(i)),
    },
    {
      name: TagModelVersion.name,
      handler: implement(TagModelVersion, (i) => pipeline().tagModelVersion(i)),
    },
    { name: WriteLineage.name, handler: implement(WriteLineage, (i) => pipeline().writeLineage(i)) },
  ];
  return entries;
}
