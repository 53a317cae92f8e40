import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { corpusPresentFor, listCases, loadSchema, REPO_ROOT, runCases } from "./corpus.js";
import { runPlanCase, runsPlan } from "./plan-case.js";
import { renderPlanReport } from "./plan-report.js";
import type { CaseResult } from "./run-case.js";

/** The pass count reached when this suite was last changed; it may rise, it must not drop. */
const MIN_PASSING = 25;
/**
 * A separate file: docs/conformance.md is compared byte for byte by the validate suite, so a plan
 * section there would make that suite fail. docs/conformance.md links here.
 */
const DOC = join(REPO_ROOT, "docs/conformance-plan.md");

const present = corpusPresentFor("plan suite");

describe.skipIf(!present)("databricks bundle plan conformance", () => {
  let results: CaseResult[] = [];
  // Lookups go through the (fake) workspace API, so cases run asynchronously.
  beforeAll(async () => {
    results = await collect();
  });

  it("passes at least the recorded number of in-subset cases", () => {
    const passing = results.filter((r) => r.status === "pass").length;
    expect(passing).toBeGreaterThanOrEqual(MIN_PASSING);
  });

  it("docs/conformance-plan.md lists the current results", () => {
    const report = renderPlanReport(results);
    if (process.env["UPDATE_CONFORMANCE_DOC"] === "1") writeFileSync(DOC, report);
    expect(existsSync(DOC) ? readFileSync(DOC, "utf8") : "").toBe(report);
  });
});

function collect(): Promise<CaseResult[]> {
  const schema = loadSchema();
  return runCases(listCases().filter(runsPlan), (c) => runPlanCase(c, schema));
}
