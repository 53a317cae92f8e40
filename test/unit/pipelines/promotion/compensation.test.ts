import { describe, expect, it } from "vitest";
import { runOrchestration } from "../../../harness/orchestration.js";
import { approve, input, promote, ready, world } from "./world.js";

const run = (w: ReturnType<typeof world>) =>
  runOrchestration(promote, {
    input,
    activities: w.activities,
    events: [approve()],
  });

const smoke = { job: "smoke", timeoutSeconds: 900 };

describe("promote compensation", () => {
  it("deploy fails: redeploys the previous commit; aliases never moved", async () => {
    const w = world({ failDeploy: "c4" });
    const result = await run(w);
    expect(result.output).toMatchObject({
      kind: "failed",
      step: "deploy",
      message: "deploy of c4 failed: plan failed",
      compensated: ["redeploy c3"],
      compensationErrors: [],
    });
    expect(w.deployed).toEqual(["c4", "c3"]);
    expect(Object.fromEntries(w.aliases)).toEqual({ champion: "3", challenger: "4" });
    expect(w.ledger[0]).toMatchObject({ outcome: "failed", versionBefore: "3", versionAfter: "3" });
  });

  it("champion flip fails: redeploys the previous commit and restores champion", async () => {
    const w = world({ throwOn: { activity: "SetModelAlias", alias: "champion" } });
    const result = await run(w);
    // Restoring champion hits the same broken registry: the record says so instead of claiming success.
    expect(result.output).toMatchObject({ kind: "failed", step: "champion", compensated: ["redeploy c3"] });
    expect(result.output).toMatchObject({
      compensationErrors: [expect.stringContaining("restore champion 3")],
    });
    expect(w.ledger[0]).toMatchObject({ outcome: "failed", versionAfter: null });
  });

  it("challenger removal fails: restores champion 3, challenger 4 and the previous deployment", async () => {
    const w = world({ throwOn: { activity: "RemoveModelAlias", alias: "challenger" } });
    const result = await run(w);
    expect(result.output).toMatchObject({
      kind: "failed",
      step: "challenger",
      compensated: ["restore challenger 4", "restore champion 3", "redeploy c3"],
      compensationErrors: [],
    });
    expect(Object.fromEntries(w.aliases)).toEqual({ champion: "3", challenger: "4" });
    expect(w.deployed).toEqual(["c4", "c3"]);
    expect(w.ledger[0]).toMatchObject({ outcome: "failed", versionAfter: "3" });
  });

  it("smoke job fails: everything is undone newest first", async () => {
    const w = world({ failSmoke: true, preflight: { ...ready, smoke } });
    const result = await run(w);
    expect(result.output).toMatchObject({
      kind: "failed",
      step: "smoke",
      message: "smoke run 900 failed: assertion failed",
      compensated: ["restore challenger 4", "restore champion 3", "redeploy c3"],
    });
    expect(Object.fromEntries(w.aliases)).toEqual({ champion: "3", challenger: "4" });
  });

  it("first promotion (no champion, no earlier commit): compensation removes the new champion", async () => {
    const w = world({
      preflight: { ...ready, championBefore: null, previousCommit: null, smoke },
      failSmoke: true,
    });
    w.aliases.delete("champion");
    const result = await run(w);
    expect(result.output).toMatchObject({ compensated: ["restore challenger 4", "remove champion"] });
    expect(Object.fromEntries(w.aliases)).toEqual({ challenger: "4" });
    expect(w.deployed).toEqual(["c4"]);
  });
});
