import { InvocationContext } from "@azure/functions";
import { describe, expect, it } from "vitest";
import * as contracts from "../../../../shared/pipelines/promotion/promotion.contracts.js";
import {
  PROMOTION_ACTIVITIES_ELSEWHERE,
  promotionActivityTable,
} from "../../../../shared/pipelines/promotion/activity-table.js";
import { createLedger } from "../../../../shared/pipelines/promotion/ledger-store.js";

const table = promotionActivityTable({
  registry: {
    getVersion: () => Promise.resolve(null),
    versionByAlias: () => Promise.resolve("3"),
    setAlias: () => Promise.resolve(),
    deleteAlias: () => Promise.resolve(),
    getRun: () => Promise.resolve(null),
  },
  ledger: createLedger({ read: () => Promise.resolve(null), append: () => Promise.resolve() }),
  sidecar: { load: () => Promise.resolve(null) },
});

describe("promotion activity table", () => {
  it("covers every activity contract, except those documented as implemented elsewhere", () => {
    const defined = Object.values(contracts as Record<string, unknown>)
      .filter((v): v is { name: string } => typeof v === "object" && v !== null && "retry" in v)
      .map((c) => c.name);
    const covered = [...table.map((e) => e.name), ...PROMOTION_ACTIVITIES_ELSEWHERE];
    expect(covered.sort()).toEqual(defined.sort());
  });

  it("answers in the implement() envelope the orchestrator unwraps", async () => {
    const entry = table.find((e) => e.name === "GetModelAlias");
    const result = await entry?.handler({ model: "m", alias: "champion" }, new InvocationContext());
    expect(result).toEqual({ ok: true, value: { version: "3" } });
  });
});
