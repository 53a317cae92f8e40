import { describe, expect, it } from "vitest";
import { UpstreamError } from "../../../../shared/errors/taxonomy.js";
import { databricksRefusal } from "../../../../shared/pipelines/run-job/refusal.js";
import type { PipelineView } from "../../../../shared/pipelines/train-evaluate-register/view.js";
import { databricksError, running } from "../run-job/fake-jobs.js";
import { commit, input, instanceId, plan, world } from "./world.js";

const names = (steps: readonly { kind: string; name?: string }[]) =>
  steps.filter((s) => s.kind !== "timer").map((s) => `${s.kind}:${s.name ?? ""}`);
const refused = (code: string, status: number, action: string) =>
  databricksRefusal(action, databricksError(code, status, false));

describe("trainEvaluateRegister: lineage tags on the registered version", () => {
  it("tags the version with serial, commit, orchestration id and the batch's paths and eTags", async () => {
    const w = world();
    const view = (await w.run()).output as PipelineView;
    expect(view.outcome).toBe("registered");
    expect(view.error).toBeUndefined();
    expect(w.tagged).toEqual([
      {
        target: "local",
        model: "main.ml_local.churn",
        alias: "challenger",
        version: "3",
        runId: "mlrun-1",
        lineage: {
          orchestrationId: instanceId,
          bundle: "churn",
          serial: 4,
          commit,
          files: input.batch.files.map((f) => ({ path: f.path, eTag: f.eTag })),
          manifest: `abfss://landing@devstoreaccount1.dfs.core.windows.net/_orchestrator/runs/${instanceId}.json`,
        },
      },
    ]);
  });

  it("stays registered, with the reason shown, when Databricks refuses the tags", async () => {
    const w = world({
      overrides: {
        TagModelVersion: () => {
          throw refused("PERMISSION_DENIED", 403, "tagging version 3");
        },
      },
    });
    const run = await w.run();
    const view = run.output as PipelineView;
    expect(run.status).toBe("completed");
    expect(view.outcome).toBe("registered");
    expect(view.error).toMatch(
      /^version 3 registered, but its lineage tags were refused: .*PERMISSION_DENIED/,
    );
    expect(w.lineage[0]?.manifest.outcome).toBe("registered");
  });
});

describe("trainEvaluateRegister: hard refusals are outcomes, throttling is retried", () => {
  it("ends failed with the reason when the deployment lookup is refused (403 on SCIM Me)", async () => {
    const w = world({
      overrides: {
        ResolveDeployment: () => {
          throw refused("PERMISSION_DENIED", 403, "reading the deployment of bundle churn for target local");
        },
      },
    });
    const run = await w.run();
    const view = run.output as PipelineView;
    expect(run.status).toBe("completed");
    expect(view.outcome).toBe("failed");
    expect(view.error).toBe(
      "Databricks refused reading the deployment of bundle churn for target local: PERMISSION_DENIED PERMISSION_DENIED from the fake",
    );
    // Not retried: one attempt, no job started, the manifest still written.
    expect(names(run.steps)).toEqual([
      "activity:ResolvePipelinePlan",
      "activity:ResolveDeployment",
      "activity:WriteLineage",
    ]);
    expect(w.lineage[0]?.manifest).toMatchObject({ outcome: "failed", error: view.error });
  });

  it("retries a 429 and a 503 from Databricks, then goes on", async () => {
    const errors = [
      databricksError("TOO_MANY_REQUESTS", 429, true),
      databricksError("TEMPORARILY_UNAVAILABLE", 503, true),
    ];
    const w = world({
      overrides: {
        FindTrainRun: () => {
          const next = errors.shift();
          if (next !== undefined) throw next;
          return { runId: "mlrun-1", metrics: {} };
        },
      },
    });
    const run = await w.run();
    expect((run.output as PipelineView).outcome).toBe("registered");
    expect(names(run.steps).filter((n) => n === "activity:FindTrainRun")).toHaveLength(3);
  });

  it("keeps the outcome when the lake refuses the manifest, and says so", async () => {
    const w = world({
      overrides: {
        WriteLineage: () => {
          throw new UpstreamError("the lake refused the lineage manifest (HTTP 403)", {
            code: "LINEAGE_WRITE_REFUSED",
            retryable: false,
          });
        },
      },
    });
    const run = await w.run();
    const view = run.output as PipelineView;
    expect(run.status).toBe("completed");
    expect(view).toMatchObject({ outcome: "registered", lineage: null, phase: "done" });
    expect(view.error).toBe("lineage manifest not written: the lake refused the lineage manifest (HTTP 403)");
  });

  it("ends failed, naming the run, when runs/get is refused while a step runs", async () => {
    const w = world({ jobs: { train: [running] } });
    w.jobs.train.getRun = () => Promise.reject(databricksError("RESOURCE_DOES_NOT_EXIST", 404, false));
    const run = await w.run();
    const view = run.output as PipelineView;
    expect(run.status).toBe("completed");
    expect(view.outcome).toBe("failed");
    expect(view.steps[0]).toMatchObject({ state: "lost", runId: "101" });
    expect(view.error).toMatch(/^train run 101 can no longer be read \(DATABRICKS_RESOURCE_DOES_NOT_EXIST\)/);
    expect(w.jobs.evaluate.runNowRequests).toHaveLength(0);
  });

  it("fails the step at its timeout even when the cancel is refused", async () => {
    const w = world({
      jobs: { train: [running] },
      plan: { ...plan, jobs: { ...plan.jobs, train: { job: "train", timeoutSeconds: 60 } } },
    });
    w.jobs.train.cancelRun = () => Promise.reject(databricksError("PERMISSION_DENIED", 403, false));
    const run = await w.run();
    const view = run.output as PipelineView;
    expect(run.status).toBe("completed");
    expect(view.outcome).toBe("failed");
    expect(view.steps[0]?.state).toBe("timedOut");
    expect(view.error).toBe(
      "train ran past its 60s timeout; run 101 could not be canceled (cancel refused: DATABRICKS_PERMISSION_DENIED)",
    );
  });
});
