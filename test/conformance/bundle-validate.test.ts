import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareSchema, type JsonSchema } from "../../shared/bundles/index.js";
import { corpusPresent, listCases, REPO_ROOT, SCHEMA_FILE, CORPUS_DIR } from "./corpus.js";
import { renderReport } from "./report.js";
import { runCase, type CaseResult } from "./run-case.js";

/** The pass rate reached when this suite was last changed; it may rise, it must not drop. */
const MIN_PASSING = 32;
const DOC = join(REPO_ROOT, "docs/conformance.md");

const present = corpusPresent();
if (!present) console.warn(`[conformance] SKIPPED: corpus not found at ${CORPUS_DIR} (or schema at ${SCHEMA_FILE})`);

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

async function collect(): Promise<CaseResult[]> {
  const schema = prepareSchema(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as JsonSchema);
  const out: CaseResult[] = [];
  for (const c of listCases()) {
    try {
      out.push(await runCase(c, schema));
    } catch (e) {
      out.push({ name: c.name, status: "fail", reason: `harness error: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return out;
}
