import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { corpusPresentFor, listCases, loadSchema, REPO_ROOT, runCases } from "./corpus.js";
import { renderReport } from "./report.js";
import { runCase, type CaseResult } from "./run-case.js";

/** The pass rate reached when this suite was last changed; it may rise, it must not drop. */
const MIN_PASSING = 32;
const DOC = join(REPO_ROOT, "docs/conformance.md");

const present = corpusPresentFor("validate suite");

describe.skipIf(!present)("databricks bundle validate -o json conformance", () => {
  let results: CaseResult[] = [];
  // Lookups go through the (fake) workspace API, so cases run asynchronously.
  beforeAll(async () => {
    results = await collect();
  });

  it("passes at least the recorded number of in-subset cases", () => {
    const passing = results.filter((r) => r.status === "pass").length;
    expect(passing).toBeGreaterThanOrEqual(MIN_PASSING);
  });

  it("docs/conformance.md lists the current results", () => {
    const report = renderReport(results);
    if (process.env["UPDATE_CONFORMANCE_DOC"] === "1") writeFileSync(DOC, report);
    expect(existsSync(DOC) ? readFileSync(DOC, "utf8") : "").toBe(report);
  });
});

function collect(): Promise<CaseResult[]> {
  const schema = loadSchema();
  return runCases(listCases(), (c) => runCase(c, schema));
}
