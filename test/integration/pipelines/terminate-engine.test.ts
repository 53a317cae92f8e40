import { afterEach, describe, expect, it } from "vitest";
import type { Run } from "../../../shared/databricks/index.js";
import { implement } from "../../../shared/durable/implement.js";
import { GetOrchestrationStatus } from "../../../shared/pipelines/run-job/parent-watch.contracts.js";
import { createRunJobActivities } from "../../../shared/pipelines/run-job/run-job.activities.js";
import {
  CancelJobRun,
  GetJobRun,
  RUN_JOB_ORCHESTRATION,
  runJobOrchestrator,
  SubmitJobRun,
} from "../../../shared/pipelines/run-job/index.js";
import {
  PIPELINE_ORCHESTRATION,
  ResolveDeployment,
  ResolvePipelinePlan,
} from "../../../shared/pipelines/train-evaluate-register/pipeline.contracts.js";
import { trainEvaluateRegisterOrchestrator } from "../../../shared/pipelines/train-evaluate-register/pipeline.orchestrator.js";
import {
  engineFixture,
  LibraryRunner,
  outputOf,
  startInstance,
  type EngineFixture,
} from "../durable/library-runner.js";
import { input, plan } from "../../unit/pipelines/train-evaluate-register/world.js";

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/**
 * ADR 0025 on the local durable engine: terminating the pipeline does not reach its runJob child (as in
 * Durable Functions), and the child, asking after its parent on its next poll, cancels the Databricks run.
 */
describe("terminating trainEvaluateRegister on the local durable engine", { timeout: 120_000 }, () => {
  it("leaves the child running, which then cancels the run it watches", async () => {
    const cancels: string[] = [];
    let runNows = 0;
    const jobs = {
      runNow: () => {
        runNows++;
        return Promise.resolve({ run_id: "901" });
      },
      getRun: (runId: string): Promise<Run> =>
        Promise.resolve({ run_id: runId, state: { life_cycle_state: "RUNNING" } }),
      cancelRun: (runId: string) => {
        cancels.push(runId);
        return Promise.resolve();
      },
    };
    const runJob = createRunJobActivities({ jobsFor: () => jobs });
    const deployed = {
      kind: "deployed" as const,
      jobIds: { train: "11", evaluate: "12", register: "13" },
      serial: 1,
      commit: null,
      statePath: "/state/resources.json",
      experimentIds: ["5"],
    };
    fx = engineFixture(
      new LibraryRunner(
        {
          [PIPELINE_ORCHESTRATION]: trainEvaluateRegisterOrchestrator,
          [RUN_JOB_ORCHESTRATION]: runJobOrchestrator,
        },
        {
          [ResolvePipelinePlan.name]: (i) =>
            implement(ResolvePipelinePlan, () => ({ kind: "ok" as const, plan }))(i, undefined as never),
          [ResolveDeployment.name]: (i) =>
            implement(ResolveDeployment, () => deployed)(i, undefined as never),
          [SubmitJobRun.name]: (i) => implement(SubmitJobRun, runJob.submitJobRun)(i, undefined as never),
          [GetJobRun.name]: (i) => implement(GetJobRun, runJob.getJobRun)(i, undefined as never),
          [CancelJobRun.name]: (i) => implement(CancelJobRun, runJob.cancelJobRun)(i, undefined as never),
          [GetOrchestrationStatus.name]: (i) =>
            implement(GetOrchestrationStatus, ({ instanceId }) => ({
              runtimeStatus: fx!.engine.operations.get(instanceId)?.status ?? null,
            }))(i, undefined as never),
        },
      ),
    );
    const id = startInstance(fx, PIPELINE_ORCHESTRATION, input, "tr-terminate");
    const child = `${id}:train:1`;
    await fx.advanceUntil(child, ["Running"], 0);
    for (let i = 0; i < 2000 && runNows === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(runNows).toBe(1);

    expect(fx.engine.operations.terminate(id, "stopped by test").ok).toBe(true);
    await fx.waitForStatus(id, ["Terminated"]);
    expect(fx.engine.operations.get(child)?.status).toBe("Running");
    expect(cancels).toEqual([]);

    await fx.advanceUntil(child, ["Completed"], 10_000);
    expect(cancels).toEqual(["901"]);
    expect(outputOf(fx, child)).toMatchObject({
      kind: "run",
      outcome: "canceled",
      runId: "901",
      stateMessage: `canceled: pipeline ${id} is Terminated`,
    });
  });
});
