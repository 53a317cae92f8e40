import { cpSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createAppAuth } from "@octokit/auth-app";
import { request } from "@octokit/request";
import { defaultToken } from "../../../local/databricks/index.js";
import type { StackFile } from "../../../local/stack/state.js";
import { createDatabricksClient, patAuth, type DatabricksClient } from "../../../shared/databricks/index.js";
import {
  freePorts,
  interrupt,
  kill,
  repoRoot,
  spawnStack,
  tempDataDir,
  waitReady,
  type StackProcess,
} from "../stack/helpers.js";

/**
 * What the push end-to-end suites share (issue #6): one local stack per suite file, serving a scratch git
 * repository (test/unit/local-github/fixtures.ts) through the GitHub stand-in, and readers of what a
 * delivery did (instances, check runs, jobs).
 */

/** Copies the example bundle into `dir`/bundles/churn, without local build and test leftovers. */
export function copyChurn(dir: string): void {
  cpSync(join(repoRoot, "bundles", "churn"), join(dir, "bundles", "churn"), {
    recursive: true,
    filter: (src) => !/[\\/](\.databricks|__pycache__|\.pytest_cache|\.venv)$/.test(src),
  });
}

export interface PushStack {
  readonly process: StackProcess;
  readonly ready: StackFile;
  readonly hostUrl: string;
  readonly client: DatabricksClient;
  readonly github: { readonly url: string; readonly appId: string; readonly appKey: string };
}

/** Starts the whole stack with `env` added (the host takes variables over local.settings.json). */
export async function startPushStack(env: Readonly<Record<string, string>>): Promise<PushStack> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const dataDir = tempDataDir();
  let stack: StackProcess;
  try {
    stack = spawnStack(dataDir, await freePorts());
  } finally {
    process.env = saved;
  }
  const ready = await waitReady(stack, dataDir);
  const gh = ready.components.github;
  return {
    process: stack,
    ready,
    hostUrl: ready.components.host?.url ?? "",
    github: { url: gh?.url ?? "", appId: String(gh?.appId ?? ""), appKey: String(gh?.appKey ?? "") },
    client: createDatabricksClient({
      host: ready.components.databricks?.url ?? "",
      auth: patAuth(defaultToken),
      rateLimit: false,
    }),
  };
}

export async function stopPushStack(stack: PushStack | undefined): Promise<void> {
  if (stack === undefined) return;
  await Promise.race([interrupt(stack.process), sleep(30_000)]);
  kill(stack.process);
  rmSync(stack.ready.dataDir, { recursive: true, force: true });
}

export interface Instance {
  runtimeStatus: string;
  output: {
    kind: string;
    results?: { bundle: string; kind: string; message?: string }[];
    invalid?: { root: string; reason: string }[];
  } | null;
}

/** The instance once it is no longer pending or running. */
export async function finished(hostUrl: string, instanceId: string): Promise<Instance> {
  for (let i = 0; i < 600; i++) {
    const res = await fetch(`${hostUrl}/durabletask/instances/${encodeURIComponent(instanceId)}`);
    const body = res.status === 200 ? ((await res.json()) as Instance) : undefined;
    if (body !== undefined && !["Pending", "Running"].includes(body.runtimeStatus)) return body;
    await sleep(500);
  }
  throw new Error(`${instanceId} did not finish`);
}

/** Whether the host knows the instance at all (a skipped delivery starts none). */
export async function instanceExists(hostUrl: string, instanceId: string): Promise<boolean> {
  const res = await fetch(`${hostUrl}/durabletask/instances/${encodeURIComponent(instanceId)}`);
  await res.body?.cancel();
  return res.status !== 404;
}

export interface CheckRun {
  name: string;
  status: string;
  conclusion: string | null;
  output?: { title?: string; summary?: string } | null;
}

/** The check runs of a commit, read from the stand-in as the App (its key is in the stack's data folder). */
export async function checkRuns(stack: PushStack, repository: string, sha: string): Promise<CheckRun[]> {
  const { github } = stack;
  const auth = createAppAuth({
    appId: github.appId,
    privateKey: readFileSync(github.appKey, "utf8"),
    request: request.defaults({ baseUrl: github.url }),
  });
  const { token } = await auth({ type: "installation", installationId: 1 });
  const res = await fetch(`${github.url}/repos/${repository}/commits/${sha}/check-runs`, {
    headers: { authorization: `token ${token}` },
  });
  return ((await res.json()) as { check_runs: CheckRun[] }).check_runs;
}

/** Every job of the emulated workspace. */
export async function jobs(client: DatabricksClient) {
  const all: { job_id?: string; settings?: Record<string, unknown> }[] = [];
  for await (const job of client.jobs.list()) all.push(job);
  return all;
}

/** The first line of the host's log holding every one of `parts`, waited for (the log is written as it comes). */
export async function hostLogLine(stack: PushStack, ...parts: string[]): Promise<string | undefined> {
  const file = String(stack.ready.components.host?.log);
  for (let i = 0; i < 100; i++) {
    const line = readFileSync(file, "utf8")
      .split("\n")
      .find((l) => parts.every((p) => l.includes(p)));
    if (line !== undefined) return line;
    await sleep(100);
  }
  return undefined;
}
