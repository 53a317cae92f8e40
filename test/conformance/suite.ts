import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PreparedSchema } from "../../shared/bundles/index.js";
import { corpusPresentFor, listCases, loadSchema, REPO_ROOT, runCases, type CaseMeta } from "./corpus.js";
import type { CaseResult } from "./run-case.js";

/** One command's conformance suite over the corpus: which cases, how one runs, how results are reported. */
export interface CorpusSuite {
  readonly title: string;
  /** Named in the warning when the corpus is missing. */
  readonly name: string;
  /** The pass count reached when the suite was last changed; it may rise, it must not drop. */
  readonly minPassing: number;
  /** The results page, relative to the repository root. */
  readonly doc: string;
  readonly selects?: (c: CaseMeta) => boolean;
  readonly run: (c: CaseMeta, schema: PreparedSchema) => Promise<CaseResult>;
  readonly render: (results: CaseResult[]) => string;
}

/**
 * Runs every selected case once, then checks the pass count and that the results page is current
 * (`UPDATE_CONFORMANCE_DOC=1` rewrites it). Skips, saying so, where ../shared is absent.
 */
export function describeCorpusSuite(suite: CorpusSuite): void {
  const doc = join(REPO_ROOT, suite.doc);
  describe.skipIf(!corpusPresentFor(suite.name))(suite.title, () => {
    let results: CaseResult[] = [];
    // Lookups go through the (fake) workspace API, so cases run asynchronously.
    beforeAll(async () => {
      const schema = loadSchema();
      results = await runCases(listCases().filter(suite.selects ?? (() => true)), (c) =>
        suite.run(c, schema),
      );
    });

    it("passes at least the recorded number of in-subset cases", () => {
      const passing = results.filter((r) => r.status === "pass").length;
      expect(passing).toBeGreaterThanOrEqual(suite.minPassing);
    });

    it(`${suite.doc} lists the current results`, () => {
      const report = suite.render(results);
      if (process.env["UPDATE_CONFORMANCE_DOC"] === "1") writeFileSync(doc, report);
      expect(existsSync(doc) ? readFileSync(doc, "utf8") : "").toBe(report);
    });
  });
}
