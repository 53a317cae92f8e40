import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleDependencies, stackPlan } from "../../../local/setup/stack-plan.mjs";

const pyproject = `[build-system]
requires = ["setuptools>=68"]

[project]
name = "demo"
dependencies = [
  "mlflow[databricks]>=3",  # brackets inside a string are not the end of the array
  'pandas>=2',
]

[project.optional-dependencies]
test = ["pytest>=8"]
docs = ["sphinx"]

[tool.other]
dependencies = ["not-this"]
`;

describe("the stack venv's install plan (local/setup/stack-plan.mjs)", () => {
  it("reads [project].dependencies and the test extra, nothing else", () => {
    expect(bundleDependencies(pyproject)).toEqual(["mlflow[databricks]>=3", "pandas>=2", "pytest>=8"]);
    expect(bundleDependencies('[project]\nname = "x"\n')).toEqual([]);
  });

  it("refuses what it cannot read instead of guessing", () => {
    expect(() => bundleDependencies('[project]\ndependencies = ["a",\n', "b.toml")).toThrow("no closing ]");
    expect(() => bundleDependencies("[project]\ndependencies = requirements\n")).toThrow("not an array");
  });

  it("installs the stack pins and every bundle's dependencies in one pip call, and hashes their files", () => {
    const root = mkdtempSync(join(tmpdir(), "stack-plan-"));
    for (const [name, deps] of [
      ["churn", '"scikit-learn>=1.4", "pandas>=2"'],
      ["fraud", '"pandas>=2", "xgboost>=2"'],
    ] as const) {
      mkdirSync(join(root, "bundles", name), { recursive: true });
      writeFileSync(join(root, "bundles", name, "pyproject.toml"), `[project]\ndependencies = [${deps}]\n`);
    }
    mkdirSync(join(root, "bundles", "no-python"));
    expect(stackPlan(root)).toEqual({
      files: [
        "local/setup/requirements-stack.txt",
        "bundles/churn/pyproject.toml",
        "bundles/fraud/pyproject.toml",
      ],
      pipArgs: ["-r", "local/setup/requirements-stack.txt", "scikit-learn>=1.4", "pandas>=2", "xgboost>=2"],
    });
  });

  it("covers the example bundle in this repository", () => {
    const plan = stackPlan(join(import.meta.dirname, "..", "..", ".."));
    expect(plan.files).toContain("bundles/churn/pyproject.toml");
    expect(plan.pipArgs).toContain("scikit-learn>=1.4");
  });
});
