import { describe, expect, it } from "vitest";
import type { PipelineView } from "../../../../shared/pipelines/train-evaluate-register/view.js";
import { running, terminated } from "../run-job/fake-jobs.js";
import { commit, input, instanceId, plan, world } from "./world.js";

const kinds = (steps: readonly { kind: string; name?: string }[]) =>
  steps.filter((s) => s.kind !== "timer").map((s) => `${s.kind}:${s.name ?? ""}`);
const subOrchestrations = (steps: readonly unknown[]) =>
  steps.filter(
    (s): s is { kind: "subOrchestration"; instanceId: string; input: Record<string, unknown> } =>
      (s as { kind: string }).kind === "subOrchestration",
  );

describe("trainEvaluateRegister", () => {
  it("trains, evaluates, gates, registers and writes lineage", async () => {
    const w = world();
    const run = await w.run();
    expect(run.status).toBe("completed");
    const view = run.output as PipelineView;
    expect(view).toMatchObject({
      outcome: "registered",
      bundle: "churn",
      target: "local",
      trainRunId: "mlrun-1",
      model: { name: "main.ml_local.churn", version: "3", alias: "challenger" },
      gate: { passed: true, reasons: [] },
      deployment: { serial: 4, commit },
      lineage: { path: `_orchestrator/runs/${instanceId}.json` },
    });
    expect(view.steps.map((s) => [s.name, s.state, s.runId])).toEqual([
      ["train", "succeeded", "101"],
      ["evaluate", "succeeded", "101"],
      ["register", "succeeded", "101"],
    ]);
    expect(kinds(run.steps)).toEqual([
      "activity:ResolvePipelinePlan",
      "activity:ResolveDeployment",
      "subOrchestration:runJob",
      "activity:FindTrainRun",
      "activity:FindAliasedVersion",
      "subOrchestration:runJob",
      "activity:ReadRunMetrics",
      "subOrchestration:runJob",
      "activity:FindRegisteredVersion",
      "activity:TagModelVersion",
      "activity:WriteLineage",
    ]);
    const children = subOrchestrations(run.steps);
    expect(children.map((c) => c.instanceId)).toEqual([
      `${instanceId}:train:1`,
      `${instanceId}:evaluate:1`,
      `${instanceId}:register:1`,
    ]);
    const lineage = { orchestration_id: instanceId, commit_sha: commit };
    expect(children.map((c) => [c.input["jobId"], c.input["jobParameters"], c.input["watchParent"]])).toEqual(
      [
        [
          "11",
          {
            input_paths: `abfss://landing@devstoreaccount1.dfs.core.windows.net/${input.key.partition}/part-0.csv,abfss://landing@devstoreaccount1.dfs.core.windows.net/${input.key.partition}/part-1.csv`,
            ...lineage,
          },
          true,
        ],
        ["12", { run_id: "mlrun-1", ...lineage, model_name: plan.model }, true],
        ["13", { run_id: "mlrun-1", ...lineage, model_name: plan.model, alias: "challenger" }, true],
      ],
    );
    // Idempotency tokens differ per step (same instance, different step).
    const tokens = [w.jobs.train, w.jobs.evaluate, w.jobs.register].map(
      (j) => j.runNowRequests[0]?.idempotency_token,
    );
    expect(new Set(tokens).size).toBe(3);
    expect(w.lineage).toHaveLength(1);
    expect(w.lineage[0]?.manifest).toMatchObject({
      instanceId,
      landingInstanceId: "land-abc",
      files: [
        { path: `${input.key.partition}/part-0.csv`, eTag: "0x1", contentLength: 100 },
        { path: `${input.key.partition}/part-1.csv`, eTag: "0x2", contentLength: 120 },
      ],
      marker: { path: `${input.key.partition}/_SUCCESS`, eTag: "0x3" },
      deployment: { serial: 4, commit },
      runs: { train: { runId: "101", state: "succeeded" } },
      metrics: { eval_roc_auc: 0.86, eval_f1: 0.71 },
      model: { version: "3" },
      outcome: "registered",
    });
    // The gate is shown in the custom status before register starts.
    const statuses = run.customStatus as PipelineView[];
    const gated = statuses.findIndex((s) => s.gate !== null);
    const registering = statuses.findIndex((s) => s.steps[2]?.state === "running");
    expect(gated).toBeGreaterThan(-1);
    expect(gated).toBeLessThan(registering);
  });

  it("asks its runJob children to rely on completion callbacks only when the plan says they are configured", async () => {
    const polling = subOrchestrations((await world().run()).steps);
    expect(polling.map((c) => c.input["callbacks"])).toEqual([undefined, undefined, undefined]);
    const called = subOrchestrations((await world({ plan: { ...plan, callbacks: true } }).run()).steps);
    expect(called.map((c) => c.input["callbacks"])).toEqual([true, true, true]);
  });

  it("ends rejected, with the reasons, when a threshold fails; register never runs", async () => {
    const w = world({ evaluated: { eval_roc_auc: 0.61, eval_f1: 0.7 } });
    const run = await w.run();
    const view = run.output as PipelineView;
    expect(run.status).toBe("completed");
    expect(view.outcome).toBe("rejected");
    expect(view.gate).toMatchObject({ passed: false, reasons: ["eval_roc_auc 0.61 < 0.75"] });
    expect(view.model).toBeNull();
    expect(view.steps[2]?.state).toBe("pending");
    expect(w.jobs.register.runNowRequests).toHaveLength(0);
    expect(w.lineage[0]?.manifest.outcome).toBe("rejected");
  });

  it("rejects a candidate whose metrics are missing, naming them", async () => {
    const run = await world({ evaluated: {} }).run();
    const view = run.output as PipelineView;
    expect(view.outcome).toBe("rejected");
    expect(view.gate?.reasons).toEqual(
      expect.arrayContaining(["eval_roc_auc is missing", "eval_f1 is missing"]),
    );
  });

  it("compares with the champion scored on the same holdout", async () => {
    const champion = { version: "2", runId: "mlrun-0", metrics: { eval_roc_auc: 0.8 } };
    const run = await world({
      champion,
      evaluated: { eval_roc_auc: 0.85, eval_f1: 0.7, champion_roc_auc: 0.9 },
    }).run();
    const view = run.output as PipelineView;
    expect(view.champion).toEqual({ version: "2", runId: "mlrun-0" });
    expect(view.outcome).toBe("rejected");
    expect(view.gate?.reasons).toEqual(["eval_roc_auc 0.85 vs champion 0.9: drop 0.05 > 0.02"]);
  });

  it("fails clearly, without starting a run, when a job was never deployed", async () => {
    const message = "bundle churn was never deployed to target local (no /Workspace/x/state/resources.json)";
    const w = world({ deployment: { kind: "notDeployed", message } });
    const run = await w.run();
    const view = run.output as PipelineView;
    expect(run.status).toBe("completed");
    expect(view).toMatchObject({ outcome: "failed", error: message, bundle: "churn" });
    expect(subOrchestrations(run.steps)).toHaveLength(0);
    expect(w.lineage[0]?.manifest).toMatchObject({ outcome: "failed", error: message });
  });

  it("fails clearly when no bundle declares the trigger", async () => {
    const run = await world({ plan: null }).run();
    expect(run.output).toMatchObject({ outcome: "failed", error: "no bundle declares it", bundle: null });
  });

  it("fails the pipeline when a step runs past its timeout, after the run was canceled", async () => {
    const w = world({
      plan: { ...plan, jobs: { ...plan.jobs, train: { job: "train", timeoutSeconds: 60 } } },
      jobs: { train: [running] },
    });
    const run = await w.run();
    const view = run.output as PipelineView;
    expect(view.outcome).toBe("failed");
    expect(view.error).toBe("train ran past its 60s timeout; run 101 was canceled");
    expect(view.steps[0]?.state).toBe("timedOut");
    expect(w.jobs.train.cancels).toEqual(["101"]);
    expect(w.jobs.evaluate.runNowRequests).toHaveLength(0);
  });

  it("fails with the run's message when a step's run fails", async () => {
    const w = world({ jobs: { evaluate: [terminated("FAILED", "ERROR: run mlrun-1 has no holdout")] } });
    const view = (await w.run()).output as PipelineView;
    expect(view.outcome).toBe("failed");
    expect(view.error).toBe("evaluate run 101 ended failed: ERROR: run mlrun-1 has no holdout");
    expect(view.gate).toBeNull();
  });

  it("cancels the run it watches once the pipeline is terminated (terminate does not reach children)", async () => {
    const w = world({ jobs: { train: [running] }, parent: ["Running", "Running", "Terminated"] });
    const view = (await w.run()).output as PipelineView;
    // The harness's parent keeps going; in the engine it is gone and only the child acts.
    expect(w.jobs.train.cancels).toEqual(["101"]);
    expect(w.jobs.train.gets).toBe(3);
    expect(view.steps[0]?.state).toBe("canceled");
    expect(view.error).toBe(`train run 101 ended canceled: canceled: pipeline ${instanceId} is Terminated`);
  });
});
