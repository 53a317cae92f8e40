import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The example bundle's Python tests, run in the stack's venv (npm test creates it from requirements-stack.txt).
const repoRoot = resolve(import.meta.dirname, "..", "..", "..");
const python = join(repoRoot, ".local", "venv", process.platform === "win32" ? "Scripts/python.exe" : "bin/python");

function venvMissing(): string | undefined {
  if (existsSync(python)) return undefined;
  const reason = `${python} does not exist (run \`node local/setup/venv.mjs\`)`;
  console.warn(`SKIPPING the churn bundle's pytest suite: ${reason}`);
  return reason;
}

describe.skipIf(venvMissing())("bundles/churn pytest suite", () => {
  it("passes in the stack's venv", () => {
    const run = spawnSync(python, ["-m", "pytest", "bundles/churn/tests", "-q", "-p", "no:cacheprovider"], {
      cwd: repoRoot,
      encoding: "utf8",
      // MLflow must not reach a tracking server of a running stack: the tests set their own sqlite stores.
      env: { ...process.env, MLFLOW_TRACKING_URI: "" },
      timeout: 600_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.error, output).toBeUndefined();
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/\d+ passed/);
  }, 600_000);
});
