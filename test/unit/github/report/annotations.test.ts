import { describe, expect, it } from "vitest";
import { error, warning } from "../../../../shared/bundles/diagnostics.js";
import { annotationsFromDiagnostics } from "../../../../shared/github/report/annotations.js";

describe("annotationsFromDiagnostics", () => {
  it("annotates each error on its YAML line, relative to the repository; warnings and unlocated errors are left out", () => {
    const diagnostics = [
      error("unknown field: nme", { file: "databricks.yml", line: 5, column: 7 }),
      error(
        "invalid cron",
        { file: "resources/jobs.yml", line: 12, column: 3 },
        undefined,
        "expected 6 fields",
      ),
      warning("unused variable", { file: "databricks.yml", line: 9, column: 1 }),
      error("unable to locate bundle root"),
      error("outside", { file: "../other/x.yml", line: 1, column: 1 }),
    ];
    expect(annotationsFromDiagnostics(diagnostics, "bundles/churn")).toEqual([
      { path: "bundles/churn/databricks.yml", line: 5, message: "unknown field: nme" },
      { path: "bundles/churn/resources/jobs.yml", line: 12, message: "invalid cron\n\nexpected 6 fields" },
    ]);
  });
});
