import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../local/databricks/index.js";
import { startMlflow, type MlflowServer } from "../../local/mlflow/server.js";
import {
  deployBundle,
  destroyBundle,
  fileSnapshotStore,
  nodeTree,
  permissionsApi,
  planLive,
  readRemoteState,
  remoteFs,
  prepareDeploy,
  resourceHandlers,
  type DeployDeps,
} from "../../shared/bundles/deploy/index.js";
import { renderPlanJson } from "../../shared/bundles/plan/render.js";
import type { PreparedSchema } from "../../shared/bundles/index.js";
import {
  createDatabricksClient,
  patAuth,
  type DatabricksClient,
  type JobSettings,
} from "../../shared/databricks/index.js";
import { nodeSource } from "./node-source.js";
import { recordingFetch, type Recorded } from "./requests.js";

/** The fake workspace's user (corpus README, "The fake workspace"). */
export const TESTER = "tester@databricks.com";

/**
 * One case's workspace: a fresh emulator (and MLflow server when the bundle has MLflow objects),
 * a client whose every request is recorded, and the engine's commands on the case's directory.
 */
export interface CaseWorkspace {
  readonly url: string;
  readonly log: Recorded[];
  /** Requests of each deploy/destroy (all methods), for the request-count table. */
  readonly perCommand: { command: string; requests: number; uploads: number }[];
  deploy(forceLock: boolean): Promise<string>;
  destroy(): Promise<string>;
  planJson(): Promise<string>;
  stateId(name: string): Promise<string | undefined>;
  modelId(name: string): Promise<string | undefined>;
  /** `$CLI jobs reset --json <body>`, recorded like the CLI's own requests. */
  resetJob(body: { job_id: string; new_settings: JobSettings }): Promise<void>;
  /** `$CLI jobs delete ID`, recorded like the CLI's own requests. */
  deleteJob(jobId: string): Promise<void>;
  /** edit_resource.py jobs ID: get the settings, run the Python snippet on `r`, reset the job. */
  editJob(jobId: string, code: string): Promise<void>;
  close(): Promise<void>;
}

export async function caseWorkspace(
  dir: string,
  schema: PreparedSchema,
  mlflow: boolean,
): Promise<CaseWorkspace> {
  const dataDir = mkdtempSync(join(tmpdir(), "conf-deploy-"));
  let server: MlflowServer | undefined;
  let emu: RunningEmulator | undefined;
  try {
    server = mlflow ? await startMlflow({ dataDir: join(dataDir, "mlflow") }) : undefined;
    emu = await startEmulator({
      dataDir: join(dataDir, "emu"),
      user: TESTER,
      python: "python3",
      mlflowUrl: server?.url,
    });
  } catch (err) {
    await server?.stop();
    throw err;
  }
  const running = emu;
  const log: Recorded[] = [];
  const perCommand: { command: string; requests: number; uploads: number }[] = [];
  const clientFor = (fetch?: typeof globalThis.fetch): DatabricksClient =>
    createDatabricksClient({
      host: running.url,
      auth: patAuth(running.token),
      rateLimit: false,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      ...(fetch === undefined ? {} : { fetch }),
    });
  const client = clientFor(recordingFetch(log));
  // The scripts' helpers (read_id.py reads the local state file) send nothing the CLI would record.
  const plain = clientFor();
  const deps: DeployDeps = {
    client,
    snapshots: (l, t) => fileSnapshotStore(dir, t, running.url, l.files),
    now: () => new Date(),
    newId: randomUUID,
    cliVersion: "0.0.0-conformance",
  };
  const input = () => ({ source: nodeSource(dir), tree: nodeTree(dir), schema });
  const counted = async (command: string, run: () => Promise<string>): Promise<string> => {
    const before = log.length;
    const outcome = await run();
    const sent = log.slice(before);
    const uploads = sent.filter((r) => /\/import-file\/.*\/files\//.test(r.path)).length;
    perCommand.push({ command, requests: sent.length, uploads });
    return outcome;
  };
  const prepared = async (c: DatabricksClient) => {
    const r = await prepareDeploy(c, input());
    if (r.kind === "invalid") throw new Error(r.diagnostics.map((d) => d.summary).join("; "));
    return r;
  };
  return {
    url: running.url,
    log,
    perCommand,
    deploy: (forceLock) =>
      counted("deploy", async () => {
        const r = await deployBundle(deps, { ...input(), forceLock });
        return r.kind === "deployed"
          ? "deployed"
          : r.kind === "failed"
            ? `failed: ${r.error?.message ?? ""}`
            : "invalid";
      }),
    destroy: () =>
      counted("destroy", async () => {
        const r = await destroyBundle(deps, input());
        return r.kind === "destroyed"
          ? "destroyed"
          : r.kind === "failed"
            ? `failed: ${r.error?.message ?? ""}`
            : "invalid";
      }),
    async planJson() {
      const r = await prepared(client);
      const lived = await planLive({
        config: r.config,
        stored: await readRemoteState(remoteFs(client), r.layout),
        cliVersion: "[CLI_VERSION]",
        handlers: resourceHandlers(client),
        permissions: permissionsApi(client.rest),
        concurrency: 10,
      });
      return `${renderPlanJson(lived.plan)}\n`;
    },
    async stateId(name) {
      const state = await readRemoteState(remoteFs(plain), (await prepared(plain)).layout);
      const hit = Object.entries(state?.state ?? {}).find(
        ([k]) => k.split(".").length === 3 && k.endsWith(`.${name}`),
      );
      return hit?.[1].__id__;
    },
    async modelId(name) {
      const r = await plain.rest.call<{ registered_model_databricks?: { id?: string } }>({
        method: "GET",
        path: "/api/2.0/mlflow/databricks/registered-models/get",
        query: { name },
      });
      return r.registered_model_databricks?.id;
    },
    async resetJob(body) {
      await client.jobs.reset(body.job_id, body.new_settings);
    },
    async deleteJob(jobId) {
      await client.jobs.delete(jobId);
    },
    async editJob(jobId, code) {
      const settings = (await client.jobs.get(jobId)).settings ?? {};
      const program = `import json, sys\nr = json.load(sys.stdin)\n${code}\nprint(json.dumps(r))\n`;
      const edited = execFileSync("python3", ["-c", program], { input: JSON.stringify(settings) });
      await client.jobs.reset(jobId, JSON.parse(edited.toString("utf8")) as JobSettings);
    },
    async close() {
      await running.stop();
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
