import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type MlflowServer, startMlflow } from "../../../local/mlflow/server.js";
import { mlflowMissing } from "./mlflow-stack.js";

/** Pids whose process group is `pgid` (Linux /proc), zombies excluded. */
function groupMembers(pgid: number): number[] {
  if (!existsSync("/proc")) return [];
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        // stat: pid (comm) state ppid pgrp ...; comm may contain spaces, so split after the last ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return state !== "Z" && Number(pgrp) === pgid ? [Number(pid)] : [];
      } catch {
        return [];
      }
    });
}

describe.skipIf(mlflowMissing())("startMlflow", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "mlflow-server-"));
  let server: MlflowServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves /health from its data dir on a free port and leaves no process behind", async () => {
    server = await startMlflow({ dataDir });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(existsSync(join(dataDir, "mlflow.db"))).toBe(true);
    expect(server.logFile).toBe(join(dataDir, "mlflow.log"));
    expect(groupMembers(server.pid)).toContain(server.pid);
    await server.stop();
    expect(groupMembers(server.pid)).toEqual([]);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  }, 120_000);

  it("fails with a clear message when the venv has no MLflow", async () => {
    await expect(startMlflow({ dataDir, venv: join(dataDir, "no-venv") })).rejects.toThrow(
      /MLflow is not installed in .*no-venv/,
    );
  });
});
