import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { spawnGroup } from "../../../local/mlflow/process-group.js";

const dir = mkdtempSync(join(tmpdir(), "pgroup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Alive and not a zombie: an orphan's zombie lingers until PID 1 reaps it, which some containers never do. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true; // no /proc (macOS): kill(0) is all we know
  }
}

// MLflow's server forks workers; stopping it must take them down too, like this shell's background child.
describe.skipIf(process.platform === "win32")("spawnGroup", () => {
  it("stops the leader and the children it spawned", async () => {
    const logFile = join(dir, "group.log");
    const child = spawnGroup("sh", ["-c", "sleep 300 & echo $!; wait"], {
      logFile,
      env: process.env,
      cwd: dir,
    });
    let grandchild = Number.NaN;
    try {
      while (Number.isNaN(grandchild) || grandchild === 0) {
        await sleep(20);
        grandchild = Number.parseInt(readFileSync(logFile, "utf8"), 10);
      }
      expect(alive(grandchild)).toBe(true);
    } finally {
      await child.stop(2_000);
    }
    expect(child.hasExited()).toBe(true);
    // The kill is asynchronous; poll (the test times out if the grandchild survives).
    while (alive(grandchild)) await sleep(20);
    expect(alive(grandchild)).toBe(false);
    await child.stop(); // a second stop is a no-op
  });
});
