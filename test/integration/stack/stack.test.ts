import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StackFile } from "../../../local/stack/state.js";
import { getBlob, parseConnectionString, putBlob } from "./blob.js";
import { trainOnLandedData } from "./lake-job.js";
import {
  freePorts,
  groupAlive,
  interrupt,
  missing,
  spawnStack,
  tempDataDir,
  waitReady,
  type StackProcess,
} from "./helpers.js";

const kept = "kept by a restart";

async function json(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Leaves one piece of state in Azurite, MLflow and the emulator. */
async function leaveState(info: StackFile): Promise<void> {
  await putBlob(
    parseConnectionString(String(info.components.azurite.connectionString)),
    "lake",
    "kept.txt",
    kept,
  );
  const experiment = await json(`${info.components.mlflow.url}/api/2.0/mlflow/experiments/create`, {
    method: "POST",
    body: JSON.stringify({ name: "kept" }),
    headers: { "content-type": "application/json" },
  });
  expect(experiment.status).toBe(200);
  const job = await json(`${info.components.databricks.url}/api/2.2/jobs/create`, {
    method: "POST",
    body: JSON.stringify({ name: "kept" }),
    headers: { authorization: `Bearer ${String(info.components.databricks.token)}` },
  });
  expect(job.status).toBe(200);
}

/** Which of the three pieces of state the stack still has. */
async function stateFound(info: StackFile): Promise<{ blob: boolean; experiment: boolean; job: boolean }> {
  const blob = await getBlob(
    parseConnectionString(String(info.components.azurite.connectionString)),
    "lake",
    "kept.txt",
  );
  const experiment = await fetch(
    `${info.components.mlflow.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=kept`,
  );
  const jobs = await json(`${info.components.databricks.url}/api/2.2/jobs/list?name=kept`, {
    headers: { authorization: `Bearer ${String(info.components.databricks.token)}` },
  });
  return {
    blob: blob === kept,
    experiment: experiment.status === 200,
    job: Array.isArray(jobs.body.jobs) && jobs.body.jobs.length === 1,
  };
}

async function stopAndCheck(stack: StackProcess, info: StackFile, dataDir: string): Promise<void> {
  expect(await interrupt(stack)).toBe(0);
  expect(stack.output()).toContain("Local stack stopped.");
  for (const component of Object.values(info.components)) expect(groupAlive(component.pid)).toBe(false);
  expect(existsSync(join(dataDir, "stack.json"))).toBe(false);
}

describe.skipIf(missing())("npm start (dist/local/stack/cli.js)", () => {
  it("serves every component, stops them all on Ctrl-C, keeps state on restart and drops it with --fresh", async () => {
    const dataDir = tempDataDir();
    const ports = await freePorts();
    let stack = spawnStack(dataDir, ports);
    try {
      const info = await waitReady(stack, dataDir);
      // Later issues append their components (Event Grid, GitHub stand-in) to the same table.
      expect(Object.keys(info.components).slice(0, 4)).toEqual(["azurite", "mlflow", "databricks", "host"]);
      expect(info.components.host.url).toBe(`http://127.0.0.1:${ports.host}`);
      expect(info.components.azurite.blob).toBe(`http://127.0.0.1:${ports.blob}/devstoreaccount1`);
      expect(info.components.azurite.connectionString).toContain(
        `TableEndpoint=http://127.0.0.1:${ports.table}/`,
      );
      expect((await fetch(`${info.components.host.url}/api/health`)).status).toBe(200);
      expect((await fetch(`${info.components.mlflow.url}/health`)).status).toBe(200);
      const me = await json(`${info.components.databricks.url}/api/2.0/preview/scim/v2/Me`, {
        headers: { authorization: `Bearer ${String(info.components.databricks.token)}` },
      });
      expect(me.status).toBe(200);
      for (const [name, c] of Object.entries(info.components))
        expect(c.log).toBe(join(dataDir, "logs", `${name}.log`));
      expect(stack.output()).toMatch(/host +function app +http:\/\/127\.0\.0\.1:\d+ +healthy in/);
      expect(stack.output()).toContain("Try next:");
      // The wiring between components: a job in the emulator reads abfss:// from Azurite and logs to MLflow.
      expect(await trainOnLandedData(info)).toEqual({ result: "SUCCESS", error: "" });
      const experiment = await fetch(
        `${info.components.mlflow.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=/Shared/stack-test`,
      );
      expect(experiment.status).toBe(200);
      await leaveState(info);
      await stopAndCheck(stack, info, dataDir);

      stack = spawnStack(dataDir, ports);
      const again = await waitReady(stack, dataDir);
      expect(await stateFound(again)).toEqual({ blob: true, experiment: true, job: true });
      await stopAndCheck(stack, again, dataDir);

      stack = spawnStack(dataDir, ports, ["--fresh"]);
      const fresh = await waitReady(stack, dataDir);
      expect(await stateFound(fresh)).toEqual({ blob: false, experiment: false, job: false });
      await stopAndCheck(stack, fresh, dataDir);
    } finally {
      await interrupt(stack);
    }
  }, 900_000);
});
