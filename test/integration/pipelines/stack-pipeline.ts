import { execFile } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { blobCreatedEvent } from "../../../local/eventgrid/events.js";
import { defaultVenvDir } from "../../../local/mlflow/venv.js";
import type { StackFile } from "../../../local/stack/state.js";
import { runBundleCli } from "../../../shared/bundles/cli/run.js";
import type { DatabricksClient } from "../../../shared/databricks/index.js";
import type { LineageManifest } from "../../../shared/pipelines/train-evaluate-register/lineage.js";
import { schema } from "../bundles-deploy/helpers.js";
import { repoRoot } from "../stack/helpers.js";

const exec = promisify(execFile);
const churn = join(repoRoot, "bundles", "churn");

/** `npm run bundle -- deploy -t local` in a copy of bundles/churn, as a user would (churn-pipeline.test.ts). */
export async function deployChurn(work: string, client: DatabricksClient, host: string, token: string) {
  const bundle = join(work, "churn");
  cpSync(churn, bundle, {
    recursive: true,
    filter: (src) => !/[\\/](\.databricks|__pycache__|\.pytest_cache)$/.test(src),
  });
  let err = "";
  const code = await runBundleCli({
    argv: ["deploy", "-t", "local"],
    env: { DATABRICKS_HOST: host, DATABRICKS_TOKEN: token },
    userCwd: bundle,
    io: { out: () => undefined, err: (t) => void (err += t) },
    client: () => client,
    schema,
    cliVersion: "0.1.0",
  });
  if (code !== 0) throw new Error(`bundle deploy -t local failed:\n${err}`);
}

/** One partition from the bundle's generator (`--drift 1` fails the gate, bundles/churn/README.md). */
export async function generate(out: string, date: string, seed: number, drift = 0): Promise<string> {
  const python = join(defaultVenvDir(), "bin", "python");
  const args = [
    "-m",
    "churn.datagen",
    "--out",
    out,
    "--date",
    date,
    "--rows",
    "2000",
    "--seed",
    String(seed),
  ];
  await exec(python, [...args, "--drift", String(drift)], {
    cwd: churn,
    env: { ...process.env, PYTHONPATH: churn },
  });
  return join(out, `date=${date}`);
}

/** `npm run land -- <folder> landing/churn/customers/date=<date>` against this stack. */
export async function land(folder: string, date: string, dataDir: string): Promise<void> {
  const cli = join(repoRoot, "dist", "local", "eventgrid", "land-cli.js");
  const lakePath = `landing/churn/customers/date=${date}`;
  await exec(process.execPath, [cli, folder, lakePath, "--stack", join(dataDir, "stack.json")], {
    cwd: repoRoot,
  });
}

/** The host's function API with its default function key. */
export function hostApi(info: StackFile) {
  const keys = JSON.parse(readFileSync(join(info.dataDir, "host", "keys.json"), "utf8")) as {
    functionKeys: { default: string };
  };
  const headers = { "x-functions-key": keys.functionKeys.default };
  return {
    async get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
      const res = await fetch(`${info.components.host.url}${path}`, { headers });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    /** Delivers events to the plain-webhook endpoint as Event Grid does (Event Grid schema). */
    async deliver(events: unknown[]): Promise<number> {
      const res = await fetch(`${info.components.host.url}/api/events/storage`, {
        method: "POST",
        headers: { ...headers, "aeg-event-type": "Notification", "content-type": "application/json" },
        body: JSON.stringify(events),
      });
      await res.body?.cancel();
      return res.status;
    },
  };
}

/** Event Grid redelivering the BlobCreated events of exactly the file versions a pipeline trained on. */
export function redeliveryOf(manifest: LineageManifest, blobUrl: string) {
  const versions = [
    ...manifest.files,
    ...(manifest.marker ? [{ ...manifest.marker, contentLength: 0 }] : []),
  ];
  return versions.map((f, i) =>
    blobCreatedEvent({
      account: manifest.partition.account,
      container: manifest.partition.filesystem,
      name: f.path,
      eTag: f.eTag,
      contentLength: f.contentLength,
      contentType: "text/csv",
      blobType: "BlockBlob",
      api: "PutBlob",
      url: `${blobUrl}/${manifest.partition.filesystem}/${f.path}`,
      sequencer: `${"0".repeat(40)}${String(i).padStart(8, "0")}`,
      time: new Date().toISOString(),
    }),
  );
}

/** Polls until `check` returns a value (not undefined), or fails with the last thing seen. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2_000);
  }
}
