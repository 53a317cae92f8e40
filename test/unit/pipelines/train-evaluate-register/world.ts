import type {
  PipelineInput,
  PipelinePlan,
  RunMetrics,
} from "../../../../shared/pipelines/train-evaluate-register/pipeline.contracts.js";
import {
  FindAliasedVersion,
  FindRegisteredVersion,
  FindTrainRun,
  ReadRunMetrics,
  ResolveDeployment,
  ResolvePipelinePlan,
  TagModelVersion,
  WriteLineage,
  type AliasedVersion,
  type DeploymentResult,
  type TagVersionInput,
  type WriteLineageInput,
} from "../../../../shared/pipelines/train-evaluate-register/pipeline.contracts.js";
import { GetOrchestrationStatus } from "../../../../shared/pipelines/run-job/parent-watch.contracts.js";
import { runJobOrchestrator, type RunJobInput } from "../../../../shared/pipelines/run-job/index.js";
import { trainEvaluateRegisterOrchestrator } from "../../../../shared/pipelines/train-evaluate-register/pipeline.orchestrator.js";
import { fake, runOrchestration } from "../../../harness/orchestration.js";
import { FakeJobs, runJobActivities, terminated, type RunState } from "../run-job/fake-jobs.js";

export const key = {
  trigger: "customers-local",
  target: "local",
  account: "devstoreaccount1",
  filesystem: "landing",
  partition: "churn/customers/date=2026-11-25",
};
export const input: PipelineInput = {
  key,
  batch: {
    files: [
      {
        path: `${key.partition}/part-0.csv`,
        eTag: "0x1",
        contentLength: 100,
        sequencer: "01",
        isMarker: false,
      },
      {
        path: `${key.partition}/part-1.csv`,
        eTag: "0x2",
        contentLength: 120,
        sequencer: "02",
        isMarker: false,
      },
    ],
    marker: {
      path: `${key.partition}/_SUCCESS`,
      eTag: "0x3",
      contentLength: 0,
      sequencer: "03",
      isMarker: true,
    },
  },
  landingInstanceId: "land-abc",
};
export const instanceId = "tr-0123";
export const commit = "0123456789abcdef0123456789abcdef01234567";

export const plan: PipelinePlan = {
  bundle: "churn",
  target: "local",
  jobs: {
    train: { job: "train", timeoutSeconds: 7_200 },
    evaluate: { job: "evaluate", timeoutSeconds: 1_800 },
    register: { job: "register", timeoutSeconds: 900 },
  },
  gate: {
    required_metrics: ["eval_roc_auc", "eval_f1"],
    thresholds: [
      { metric: "eval_roc_auc", min: 0.75 },
      { metric: "eval_f1", min: 0.5 },
    ],
    champion: [{ metric: "eval_roc_auc", champion_metric: "champion_roc_auc", max_drop: 0.02 }],
  },
  model: "main.ml_local.churn",
  registerAlias: "challenger",
  championAlias: "champion",
};

export interface WorldOptions {
  plan?: PipelinePlan | null;
  deployment?: DeploymentResult;
  jobs?: Partial<Record<"train" | "evaluate" | "register", RunState[]>>;
  evaluated?: Record<string, number>;
  champion?: AliasedVersion | null;
  /** What GetOrchestrationStatus answers for the pipeline, poll by poll. */
  parent?: string[];
  /** Replaces any activity's fake (e.g. one that throws a refusal or a 429). */
  overrides?: Record<string, (input: never) => unknown>;
  input?: PipelineInput;
}

/** A scripted workspace for the pipeline: sidecar, deployment state, three jobs, MLflow, the lake. */
export function world(options: WorldOptions = {}) {
  const ok = terminated("SUCCESS");
  const jobs = {
    train: new FakeJobs(options.jobs?.train ?? [ok]),
    evaluate: new FakeJobs(options.jobs?.evaluate ?? [ok]),
    register: new FakeJobs(options.jobs?.register ?? [ok]),
  };
  const lineage: WriteLineageInput[] = [];
  const tagged: TagVersionInput[] = [];
  const parent = [...(options.parent ?? ["Running"])];
  const trainRun: RunMetrics = { runId: "mlrun-1", metrics: { holdout_rows: 500 } };
  const deployment: DeploymentResult = options.deployment ?? {
    kind: "deployed",
    jobIds: { train: "11", evaluate: "12", register: "13" },
    serial: 4,
    commit,
    statePath: "/Workspace/Users/dev@example.com/.bundle/churn/local/state/resources.json",
    experimentIds: ["5"],
  };
  const activities = {
    ...fake(ResolvePipelinePlan, () =>
      options.plan === null
        ? { kind: "unknownTrigger" as const, message: "no bundle declares it" }
        : { kind: "ok" as const, plan: options.plan ?? plan },
    ),
    ...fake(ResolveDeployment, () => deployment),
    ...fake(FindTrainRun, () => trainRun),
    ...fake(FindAliasedVersion, ({ alias }) => (alias === "champion" ? (options.champion ?? null) : null)),
    ...fake(ReadRunMetrics, ({ runId }) => ({
      runId,
      metrics: { ...trainRun.metrics, ...(options.evaluated ?? { eval_roc_auc: 0.86, eval_f1: 0.71 }) },
    })),
    ...fake(FindRegisteredVersion, ({ runId }) => (runId === trainRun.runId ? { version: "3" } : null)),
    ...fake(TagModelVersion, (i) => {
      tagged.push(i);
      return { on: "run" as const, tags: {} };
    }),
    ...fake(WriteLineage, (i) => {
      lineage.push(i);
      return { path: `_orchestrator/runs/${i.instanceId}.json` };
    }),
    ...options.overrides,
  };
  const runJob = async (child: RunJobInput, childId: string | undefined) => {
    const step = child.step as keyof typeof jobs;
    const run = await runOrchestration(runJobOrchestrator, {
      input: child,
      instanceId: childId ?? "",
      activities: {
        ...runJobActivities(jobs[step]),
        ...fake(GetOrchestrationStatus, () => ({
          runtimeStatus: parent.length > 1 ? parent.shift()! : parent[0]!,
        })),
      },
    });
    if (run.status === "failed") throw run.error ?? new Error("runJob failed");
    return run.output;
  };
  return {
    jobs,
    lineage,
    tagged,
    run: () =>
      runOrchestration(trainEvaluateRegisterOrchestrator, {
        input: options.input ?? input,
        instanceId,
        activities,
        subOrchestrations: { runJob: runJob },
      }),
  };
}
