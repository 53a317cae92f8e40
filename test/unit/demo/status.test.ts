import { describe, expect, it } from "vitest";
import { historyCost, failureOf, type InstanceStatus } from "../../../local/demo/durable.js";
import { errorText } from "../../../local/demo/host-api.js";
import { pipelineProblem, stepProgress, type PipelineView } from "../../../local/demo/pipelines.js";
import { promotionProblem, type PromotionView } from "../../../local/demo/promotions.js";
import { benchmarkLines } from "../../../local/demo/story.js";
import { newState } from "../../../local/demo/context.js";

const pipeline = (over: Partial<PipelineView>): PipelineView => ({
  instanceId: "p1",
  runtimeStatus: "Running",
  outcome: null,
  steps: [
    { name: "train", state: "SUCCESS" },
    { name: "evaluate", state: "RUNNING" },
  ],
  metrics: {},
  gate: null,
  model: null,
  lineage: null,
  ...over,
});

describe("reading pipeline status", () => {
  it("normalises step states and leaves unknown ones pending", () => {
    const view = pipeline({});
    expect(stepProgress(view, "train")).toBe("succeeded");
    expect(stepProgress(view, "evaluate")).toBe("pending");
    expect(stepProgress(view, "register")).toBe("pending");
    expect(stepProgress(pipeline({ steps: [{ name: "train", state: "timedOut" }] }), "train")).toBe("failed");
    expect(stepProgress(pipeline({ steps: [{ name: "train", state: "internalError" }] }), "train")).toBe(
      "failed",
    );
  });

  it("names why a pipeline cannot get there: failed step, rejected gate, failed instance", () => {
    expect(pipelineProblem(pipeline({}), "evaluate")).toBeUndefined();
    const failed = pipeline({ steps: [{ name: "train", state: "FAILED" }], error: "exit 2" });
    expect(pipelineProblem(failed, "train")).toBe("pipeline p1: step train ended FAILED (exit 2)");
    const rejected = pipeline({
      outcome: "rejected",
      gate: { passed: false, reasons: ["eval_f1 0.41 < 0.5"] },
    });
    expect(pipelineProblem(rejected, "register")).toBe(
      "pipeline p1: the gate rejected the model: eval_f1 0.41 < 0.5",
    );
    expect(pipelineProblem(pipeline({ runtimeStatus: "Terminated" }), "register")).toBe(
      "pipeline p1 is Terminated",
    );
    // The gate's decision shows before the outcome does: a failed gate ends the wait at once.
    const gateFailed = pipeline({ gate: { passed: false, reasons: ["eval_roc_auc 0.6 < 0.75"] } });
    expect(pipelineProblem(gateFailed, "register")).toBe(
      "pipeline p1: the gate rejected the model: eval_roc_auc 0.6 < 0.75",
    );
  });
});

describe("reading promotion results", () => {
  const view = (over: Partial<PromotionView>): PromotionView => ({
    id: "promo-1",
    kind: "promotion",
    status: "promoted",
    running: false,
    createdAt: "",
    updatedAt: "",
    input: null,
    progress: null,
    result: null,
    ...over,
  });

  it("is silent while running or when the wanted state was reached", () => {
    expect(promotionProblem(view({ running: true, status: "deploying" }), "promoted")).toBeUndefined();
    expect(promotionProblem(view({}), "promoted")).toBeUndefined();
  });

  it("gives the reasons of refusals, failed steps and impossible rollbacks", () => {
    const refused = view({ status: "refused", result: { kind: "refused", reasons: ["no lineage", "gate"] } });
    expect(promotionProblem(refused, "promoted")).toBe("promotion promo-1 ended refused: no lineage; gate");
    const failed = view({
      status: "failed",
      result: { kind: "failed", step: "deploy", message: "lease lost" },
    });
    expect(promotionProblem(failed, "promoted")).toBe(
      "promotion promo-1 ended failed: step deploy: lease lost",
    );
    const impossible = view({
      kind: "rollback",
      status: "impossible",
      result: { reason: "no earlier champion" },
    });
    expect(promotionProblem(impossible, "rolled_back")).toBe(
      "rollback promo-1 ended impossible: no earlier champion",
    );
  });
});

describe("reading durable status", () => {
  const status = (over: Partial<InstanceStatus>): InstanceStatus => ({
    name: "DeployOnPush",
    instanceId: "gh-1",
    runtimeStatus: "Completed",
    input: null,
    customStatus: null,
    output: null,
    createdTime: "",
    lastUpdatedTime: "",
    ...over,
  });

  it("counts history events, activity executions and timers", () => {
    const events = ["ExecutionStarted", "TaskScheduled", "TaskCompleted", "TimerCreated", "TaskScheduled"];
    expect(historyCost(status({ historyEvents: events.map((EventType) => ({ EventType })) }))).toEqual({
      events: 5,
      activities: 2,
      timers: 1,
    });
  });

  it("explains an instance that did not complete", () => {
    expect(failureOf(status({}))).toBeUndefined();
    expect(failureOf(status({ runtimeStatus: "Failed", output: "Activity PrepareSource failed" }))).toBe(
      "DeployOnPush gh-1 is Failed: Activity PrepareSource failed",
    );
  });

  it("shows the app's error message, not the whole body", () => {
    const body = { error: { code: "ROLE_MISSING", message: "Needs the app role" } };
    expect(errorText({ status: 403, body, text: JSON.stringify(body) })).toBe("HTTP 403: Needs the app role");
    expect(errorText({ status: 502, body: null, text: "" })).toBe("HTTP 502");
  });
});

describe("the benchmark lines", () => {
  it("print the completion time and the constant history only when measured", () => {
    expect(benchmarkLines(newState(), false)).toEqual([]);
    const state = {
      ...newState(),
      completedMs: 4_200,
      idleCost: { before: { events: 8, activities: 1 }, after: { events: 8, activities: 1 }, ms: 5_000 },
    };
    const [completion, idle] = benchmarkLines(state, false);
    expect(completion).toMatch(/^After approval the promotion completed in 4\.2 s \(.*excludes job run time/);
    expect(idle).toContain("over 5.0 s of waiting the orchestration history stayed at 8 events (8 before)");
    expect(benchmarkLines(state, true)[0]).toContain("including the smoke job's run");
  });
});
