import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { clientFor, emulator, pythonJob, script, waitForRun } from "./helpers.js";

/** A loopback stand-in for the MLflow server: enough to prove the emulator mounts and forwards to it. */
function fakeMlflow(): Promise<{ server: Server; url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? "");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ experiment: { experiment_id: "7", name: "/Shared/x" } }));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, paths, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe("emulator with an MLflow URL", () => {
  let mlflow: Awaited<ReturnType<typeof fakeMlflow>>;
  let emu: RunningEmulator;
  beforeAll(async () => {
    mlflow = await fakeMlflow();
    emu = await emulator({ mlflowUrl: mlflow.url });
  });
  afterAll(async () => {
    await emu.stop();
    await new Promise((resolve) => mlflow.server.close(resolve));
  });

  it("mounts the MLflow routes behind its own auth", async () => {
    const path = "/api/2.0/mlflow/experiments/get-by-name?experiment_name=%2FShared%2Fx";
    expect((await fetch(`${emu.url}${path}`)).status).toBe(401);
    expect(mlflow.paths).toEqual([]);
    const res = await fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${emu.token}` } });
    expect(await res.json()).toMatchObject({ experiment: { name: "/Shared/x" } });
    expect(mlflow.paths).toEqual([path]);
  });

  it("gives task processes MLFLOW_TRACKING_URI and DATABRICKS_HOST", async () => {
    const client = clientFor(emu);
    const file = script(
      "import os\nprint('mlflow=' + os.environ['MLFLOW_TRACKING_URI'], 'host=' + os.environ['DATABRICKS_HOST'])\n",
    );
    const { job_id } = await client.jobs.create(pythonJob("env", file));
    const { run } = await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id);
    expect((await client.jobs.getRunOutput(run.run_id)).logs).toContain(
      `mlflow=${mlflow.url} host=${emu.url}`,
    );
  });
});
