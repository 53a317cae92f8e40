import { describe, expect, it } from "vitest";
import { runOrchestration } from "../../../harness/orchestration.js";
import {
  rollbackOrchestrator,
  type RollbackInput,
} from "../../../../shared/pipelines/promotion/rollback.orchestrator.js";
import { bob, entry, world } from "./world.js";

const input: RollbackInput = {
  recordId: "rollback-1@2026-01-01T00:00:00.000Z",
  model: "prod.ml.churn",
  target: "prod",
  alias: "champion",
  requester: bob,
  requestedAt: "2026-01-01T00:00:00.000Z",
  reason: "latency regression",
};

describe("rollbackChampion orchestration", () => {
  it("flips champion back to the version recorded before it and records the rollback", async () => {
    const w = world({
      ledger: [
        entry("p0", { versionAfter: "2", commit: "c2" }),
        entry("p1", { versionBefore: "2", versionAfter: "3", commit: "c3" }),
      ],
    });
    const run = await runOrchestration(rollbackOrchestrator, { input, activities: w.activities });
    expect(run.output).toEqual({ kind: "rolled_back", from: "3", to: "2" });
    expect(w.aliases.get("champion")).toBe("2");
    expect(w.ledger.at(-1)).toMatchObject({
      id: input.recordId,
      kind: "rollback",
      outcome: "rolled_back",
      requester: bob,
      versionBefore: "3",
      versionAfter: "2",
      commit: "c2",
      reason: "latency regression",
    });
  });

  it("changes nothing when the ledger does not explain the current champion", async () => {
    const w = world({ ledger: [entry("p0", { versionBefore: "1", versionAfter: "2" })] });
    const run = await runOrchestration(rollbackOrchestrator, { input, activities: w.activities });
    expect(run.output).toMatchObject({ kind: "impossible" });
    expect(w.aliases.get("champion")).toBe("3");
    expect(w.ledger).toHaveLength(1);
  });
});
