import { describe, expect, it } from "vitest";
import {
  encodeRecord,
  lastPromotedCommit,
  ledgerPath,
  parseLedger,
  planRollback,
} from "../../../../shared/pipelines/promotion/ledger.js";
import { createLedger, type AppendStore } from "../../../../shared/pipelines/promotion/ledger-store.js";
import { entry } from "./world.js";

/** An append-only in-memory store that counts appends, like an append blob would hold them. */
function memoryStore(): AppendStore & { files: Map<string, string>; appends: number } {
  const files = new Map<string, string>();
  return {
    files,
    appends: 0,
    read: (path) => Promise.resolve(files.get(path) ?? null),
    append(path, text) {
      this.appends++;
      files.set(path, (files.get(path) ?? "") + text);
      return Promise.resolve();
    },
  };
}

describe("ledger", () => {
  it("keeps one record per id however often the append is retried", async () => {
    const store = memoryStore();
    const ledger = createLedger(store);
    const record = entry("p1", { reason: "multi\nline" });
    expect(await ledger.appendOnce(record)).toEqual({ appended: true });
    expect(await ledger.appendOnce(record)).toEqual({ appended: false });
    expect(store.appends).toBe(1);
    expect(await ledger.read("prod.ml.churn")).toEqual([record]);
    expect(store.files.get("_orchestrator/ledger/prod.ml.churn.jsonl")?.split("\n")).toHaveLength(2);
  });

  it("refuses model names that would escape the ledger folder", () => {
    expect(() => ledgerPath("../../etc")).toThrow(TypeError);
    expect(ledgerPath("main.ml.churn")).toBe("_orchestrator/ledger/main.ml.churn.jsonl");
  });

  it("skips a torn last line instead of losing the trail", () => {
    const text = encodeRecord(entry("p1")) + '{"id":"p2","tar';
    expect(parseLedger(text).map((r) => r.id)).toEqual(["p1"]);
  });

  const history = [
    entry("p1", { versionBefore: null, versionAfter: "1", commit: "c1" }),
    entry("p2", { versionBefore: "1", versionAfter: "2", commit: "c2" }),
    entry("p3", { outcome: "rejected", versionBefore: "2", versionAfter: "2", commit: "c3" }),
    entry("s1", { target: "staging", versionBefore: "2", versionAfter: "3", commit: "c9" }),
  ];

  it("finds the commit of the last promotion to a target, ignoring rejections and other targets", () => {
    expect(lastPromotedCommit(history, "prod")).toBe("c2");
    expect(lastPromotedCommit([], "prod")).toBeNull();
  });

  it("plans a rollback to the champion before the current one", () => {
    expect(planRollback(history, "prod", "2")).toEqual({ kind: "flip", from: "2", to: "1", commit: "c1" });
  });

  it("refuses to guess when the registry and the ledger disagree or there is nothing earlier", () => {
    expect(planRollback(history, "prod", "7")).toMatchObject({ kind: "impossible" });
    expect(planRollback(history.slice(0, 1), "prod", "1")).toMatchObject({ kind: "impossible" });
    expect(planRollback(history, "dev", "2")).toMatchObject({ kind: "impossible" });
    expect(planRollback(history, "prod", null)).toMatchObject({ kind: "impossible" });
  });

  it("after a rollback, a second rollback goes one further back only if recorded", () => {
    const rolled = [
      ...history,
      entry("r1", {
        kind: "rollback",
        outcome: "rolled_back",
        versionBefore: "2",
        versionAfter: "1",
        commit: "c1",
      }),
    ];
    // The last change put 1 there from 2; rolling back again would return to 2 (undo the rollback).
    expect(planRollback(rolled, "prod", "1")).toEqual({ kind: "flip", from: "1", to: "2", commit: "c2" });
  });
});
