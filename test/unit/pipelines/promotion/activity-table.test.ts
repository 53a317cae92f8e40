import { InvocationContext } from "@azure/functions";
import { describe, expect, it } from "vitest";
import * as applyContracts from "../../../../shared/pipelines/promotion/apply.contracts.js";
import * as copyContracts from "../../../../shared/pipelines/promotion/copy.contracts.js";
import * as contracts from "../../../../shared/pipelines/promotion/promotion.contracts.js";
import { promotionActivityTable } from "../../../../shared/pipelines/promotion/activity-table.js";
import { createLedger } from "../../../../shared/pipelines/promotion/ledger-store.js";
import type { TargetRegistry } from "../../../../shared/pipelines/promotion/promotion.activities.js";

const seen: string[] = [];
const registry: TargetRegistry = {
  getVersion: () => Promise.resolve(null),
  versionByAlias: () => Promise.resolve("3"),
  setAlias: () => Promise.resolve(),
  deleteAlias: () => Promise.resolve(),
  getRun: () => Promise.resolve(null),
  findCopy: () => Promise.resolve(null),
};
const table = promotionActivityTable({
  registryFor: (target) => {
    seen.push(target);
    return registry;
  },
  copyRunnerFor: () => ({ submit: () => Promise.resolve("1") }),
  ledger: createLedger({ read: () => Promise.resolve(null), append: () => Promise.resolve() }),
  sidecar: { load: () => Promise.resolve(null) },
  repositories: [],
  jobs: { jobId: () => Promise.resolve(null) },
});

const names = (module: Record<string, unknown>) =>
  Object.values(module)
    .filter((v): v is { name: string } => typeof v === "object" && v !== null && "retry" in v)
    .map((c) => c.name);

describe("promotion activity table", () => {
  it("covers every activity contract the orchestrations call", () => {
    const defined = [...names(contracts), ...names(applyContracts), ...names(copyContracts)];
    expect(table.map((e) => e.name).sort()).toEqual(defined.sort());
  });

  it("answers in the implement() envelope, with the registry of the target the input names", async () => {
    const entry = table.find((e) => e.name === "GetModelAlias");
    const result = await entry?.handler(
      { target: "prod", model: "m", alias: "champion" },
      new InvocationContext(),
    );
    expect(result).toEqual({ ok: true, value: { version: "3" } });
    expect(seen).toEqual(["prod"]);
  });
});
