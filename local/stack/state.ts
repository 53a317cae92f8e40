import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ComponentName } from "./components.js";

/** `.local/stack.json`: how scripts and tests find a running stack (removed again when it stops). */
export interface StackFile {
  /** The launcher's pid: the file is stale when that process is gone. */
  pid: number;
  startedAt: string;
  readyMs: number;
  dataDir: string;
  components: Record<
    ComponentName,
    { url: string; pid: number; log: string } & Record<string, string | number>
  >;
}

export const stackFileName = "stack.json";

/** The folders `--fresh` empties: each component's state. Logs, the venv and set-up markers stay. */
const stateFolders: readonly string[] = ["azurite", "mlflow", "databricks", "host", "eventgrid"];

export function resetState(dataDir: string): void {
  for (const folder of stateFolders) rmSync(join(dataDir, folder), { recursive: true, force: true });
}

/** Written whole and renamed into place, so a reader never sees half a file; readable by the user only. */
export function writeStackFile(dataDir: string, content: StackFile): string {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, stackFileName);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
  return path;
}

export function removeStackFile(dataDir: string): void {
  rmSync(join(dataDir, stackFileName), { force: true });
}
