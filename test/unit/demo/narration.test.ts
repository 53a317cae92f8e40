import { describe, expect, it } from "vitest";
import { consoleNarrator, seconds, summaryTable, verdict } from "../../../local/demo/narration.js";
import type { RunOutcome } from "../../../local/demo/runner.js";

const failed: RunOutcome = {
  results: [
    { name: "push", title: "push", state: "passed", ms: 1_234, detail: "webhook accepted abc" },
    {
      name: "deploy-staging",
      title: "deploy to staging",
      state: "failed",
      ms: 65_000,
      detail: "churn failed\non staging",
    },
    { name: "land", title: "land data", state: "not run", ms: null, detail: "" },
  ],
  failure: { name: "deploy-staging", reason: "churn failed on staging" },
  totalMs: 66_234,
};

describe("the demo's narration", () => {
  it("prints seconds with one decimal", () => {
    expect(seconds(0)).toBe("0.0 s");
    expect(seconds(1_250)).toBe("1.3 s");
    expect(seconds(125_000)).toBe("125.0 s");
  });

  it("numbers steps, indents progress and marks the result", () => {
    const lines: string[] = [];
    const n = consoleNarrator((l) => lines.push(l));
    n.started(2, 12, "deploy to staging");
    n.progress("Running: prepare", 1_500);
    n.passed("deploy to staging", 9_000, "churn deployed");
    n.failed("land", 500, "no pipeline");
    expect(lines).toEqual([
      "\n[2/12] deploy to staging",
      "        1.5 s  Running: prepare",
      "  ok    9.0 s  churn deployed",
      "  FAIL  0.5 s  no pipeline",
    ]);
  });

  it("summarises every step in a table with its state, time and result, then the total", () => {
    const table = summaryTable(failed).split("\n");
    expect(table[0]).toMatch(/^#\s+step\s+state\s+time\s+result$/);
    expect(table[1]).toMatch(/^-+( +-+){4}$/);
    expect(table[2]).toMatch(/^1\s+push\s+passed\s+1\.2 s\s+webhook accepted abc$/);
    // Newlines in a reason are folded so each step stays one row.
    expect(table[3]).toMatch(/^2\s+deploy to staging\s+failed\s+65\.0 s\s+churn failed on staging$/);
    expect(table[4]).toMatch(/^3\s+land data\s+not run\s+-$/);
    expect(table.at(-1)).toBe("1/3 steps passed in 66.2 s");
    // Columns line up: every row's state starts where the header's does.
    const at = table[0]!.indexOf("state");
    expect(table.slice(2, 5).map((row) => row.slice(at, at + 6).trim())).toEqual([
      "passed",
      "failed",
      "not ru",
    ]);
  });

  it("shortens long results to the width asked", () => {
    const long: RunOutcome = { ...failed, results: [{ ...failed.results[0]!, detail: "x".repeat(200) }] };
    const row = summaryTable(long, 20).split("\n")[2]!;
    expect(row.endsWith(`${"x".repeat(19)}…`)).toBe(true);
  });

  it("ends with the failed step and its reason, or with success", () => {
    expect(verdict(failed)).toBe('The demo failed at step "deploy-staging": churn failed on staging');
    expect(verdict({ ...failed, failure: undefined })).toBe(
      "The demo passed: every step of the story worked.",
    );
  });
});
