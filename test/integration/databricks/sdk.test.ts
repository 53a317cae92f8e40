import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { emulator, pythonWithSdk, root, run } from "./helpers.js";

const python = await pythonWithSdk();
if (python === undefined) {
  console.warn(
    "SKIPPED: the official Databricks SDK scenario needs databricks-sdk in .local/venv (local/setup/requirements-stack.txt)",
  );
}

describe.skipIf(python === undefined)("official Databricks SDK for Python against the emulator", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await emulator({ user: "sdk@example.com" });
  });
  afterAll(() => emu.stop());

  it("runs the scenario: current user, workspace files, job success, failure and cancel", async () => {
    const { stdout } = await run(
      python ?? "python3",
      [join(root, "test", "integration", "databricks", "sdk_scenario.py")],
      {
        env: { PATH: process.env.PATH ?? "", DATABRICKS_HOST: emu.url, DATABRICKS_TOKEN: emu.token },
        timeout: 120_000,
      },
    );
    expect(stdout.trim().split("\n")).toEqual([
      "ok current user",
      "ok workspace upload list download",
      "ok run succeeded",
      "ok run failed",
      "ok run canceled",
      "ok workspace delete",
    ]);
  }, 150_000);
});
