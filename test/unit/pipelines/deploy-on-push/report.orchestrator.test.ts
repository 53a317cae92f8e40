import type { OrchestrationContext } from "durable-functions";
import { describe, expect, it } from "vitest";
import {
  ReportDeploy,
  type ReportDeployInput,
} from "../../../../shared/pipelines/deploy-on-push/report.contracts.js";
import { reportDeploy } from "../../../../shared/pipelines/deploy-on-push/report.orchestrator.js";
import { fake, runOrchestration } from "../../../harness/orchestration.js";

const input: ReportDeployInput = {
  repository: "acme/ml",
  sha: "c".repeat(40),
  target: "staging",
  bundle: "churn",
  phase: "in_progress",
  plan: { add: 1, change: 0, delete: 0 },
  correlationId: "gh-1:deploy:churn:staging",
};

function* caller(ctx: OrchestrationContext) {
  const report = yield* reportDeploy(ctx, input);
  return { deployed: true, report };
}

describe("reportDeploy (orchestrator helper)", () => {
  it("passes the report through and returns the activity's result", async () => {
    const seen: ReportDeployInput[] = [];
    const run = await runOrchestration(caller, {
      activities: fake(ReportDeploy, (i) => {
        seen.push(i);
        return { reported: true, detail: "check run 1" };
      }),
    });
    expect(run.output).toEqual({ deployed: true, report: { reported: true, detail: "check run 1" } });
    expect(seen).toEqual([input]);
  });

  it("never fails the caller when the activity itself keeps failing", async () => {
    const run = await runOrchestration(caller, {
      activities: fake(ReportDeploy, () => {
        throw new Error("worker died");
      }),
    });
    expect(run.status).toBe("completed");
    expect(run.output).toMatchObject({ deployed: true, report: { reported: false } });
    // The contract's reporting policy retried it before giving up.
    expect(run.steps.filter((s) => s.kind === "activity").length).toBeGreaterThan(1);
  });
});
