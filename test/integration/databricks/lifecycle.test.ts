import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../../local/databricks/index.js";
import { clientFor, pythonJob, root, script, waitForRun, waitUntil } from "./helpers.js";

const cli = join(root, "dist", "local", "databricks", "cli.js");
if (!existsSync(cli))
  console.warn("SKIPPED: the emulator CLI test needs dist (npx tsc -p tsconfig.build.json)");

describe("emulator lifecycle", () => {
  it("stop() kills running task processes; jobs persist and interrupted runs end in INTERNAL_ERROR", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "dbx-emu-"));
    const pidFile = script("", "pid");
    const file = script(
      `import os, time\nopen(${JSON.stringify(pidFile)}, 'w').write(str(os.getpid()))\ntime.sleep(300)\n`,
    );
    const first = await startEmulator({ dataDir, python: "python3" });
    let jobId = "";
    let runId = "";
    try {
      const client = clientFor(first);
      jobId = (await client.jobs.create(pythonJob("persist", file))).job_id;
      runId = (await client.jobs.runNow({ job_id: jobId })).run_id;
      await waitUntil(client, runId, () => readFileSync(pidFile, "utf8") !== "");
    } finally {
      await first.stop();
    }
    expect(() => process.kill(Number(readFileSync(pidFile, "utf8")), 0)).toThrow();
    const second = await startEmulator({ dataDir, python: "python3" });
    try {
      const client = clientFor(second);
      expect((await client.jobs.get(jobId)).settings?.name).toBe("persist");
      expect(await waitForRun(client, runId)).toMatchObject({ outcome: "internalError" });
    } finally {
      await second.stop();
    }
  });

  it.skipIf(!existsSync(cli))(
    "npm run emulator prints its URL, serves with the given token and user, exits on SIGTERM",
    async () => {
      const args = [
        cli,
        "--port",
        "0",
        "--data",
        mkdtempSync(join(tmpdir(), "dbx-cli-")),
        "--token",
        "dapi-cli-test",
        "--user",
        "cli@example.com",
      ];
      const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      try {
        let out = "";
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            const m = /Databricks emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
            if (m?.[1]) resolve(m[1]);
          });
          void exited.then(() => reject(new Error(`emulator exited: ${out}`)));
        });
        const me = await fetch(`${url}/api/2.0/preview/scim/v2/Me`, {
          headers: { authorization: "Bearer dapi-cli-test" },
        });
        expect(await me.json()).toMatchObject({ userName: "cli@example.com" });
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    },
  );
});
