import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type RunningEmulator, startEmulator, type StartOptions } from "../../../local/databricks/index.js";

export const root = join(import.meta.dirname, "..", "..", "..");
export const run = promisify(execFile);

/** A fresh emulator on a free port with its own data folder. */
export function emulator(options: Partial<StartOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ dataDir: mkdtempSync(join(tmpdir(), "dbx-emu-")), python: "python3", ...options });
}

/** The stack's venv if it has databricks-sdk, else a hand-made one (see docs/adr/0004); undefined if none. */
export async function pythonWithSdk(): Promise<string | undefined> {
  for (const python of [join(root, ".local", "venv", "bin", "python"), "/tmp/dbsdk-venv/bin/python"]) {
    if (!existsSync(python)) continue;
    try {
      await run(python, ["-c", "import databricks.sdk"]);
      return python;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}
