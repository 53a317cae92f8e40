import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { type Clock, systemClock } from "../../shared/databricks/clock.js";
import { authenticate } from "./auth.js";
import { Store } from "./db.js";
import { Faults } from "./faults.js";
import { ApiError, newRequestId, readBody, type Route, sendError } from "./http.js";
import { jobRunInput } from "./jobs/job-run-input.js";
import { jobEndpoints } from "./jobs/job-routes.js";
import { permissionsEndpoints } from "./permissions.js";
import { JobStore } from "./jobs/job-store.js";
import { runnerSource } from "./jobs/runner-py.js";
import { runEndpoints } from "./jobs/run-routes.js";
import { Scheduler } from "./jobs/scheduler.js";
import { JobTriggers } from "./jobs/triggers.js";
import { routeTable } from "./router.js";
import { adminRoute, scimRoute } from "./admin.js";
import { WorkspaceStore } from "./workspace/store.js";
import { workspaceRoutes } from "./workspace/routes.js";

export interface EmulatorOptions {
  /** Folder for SQLite state, workspace files and run logs. */
  dataDir: string;
  /** The PAT the emulator accepts (Entra JWTs for the Databricks audience are accepted too). */
  token: string;
  /** The user SCIM Me answers and jobs are created by. */
  user: string;
  mlflowUrl?: string | undefined;
  /** Python for task processes. */
  python: string;
  /** Mounted before the built-in routes (e.g. createMlflowRoutes from ./mlflow). */
  extraRoutes?: Route[];
  /** One line per request: method, path, status. Never headers or bodies. */
  log?: (line: string) => void;
  /** Environment inherited by task processes (DATABRICKS_* and MLFLOW_* are replaced by the emulator's own). */
  env?: Record<string, string | undefined>;
  /** Time for job schedules, periodic triggers and task retry waits; tests pass a manual clock. */
  clock?: Clock;
}

export interface EmulatorServer {
  server: Server;
  /** Kills running task processes and closes the database. */
  close(): Promise<void>;
  /** Must be set once listening, so tasks get DATABRICKS_HOST. */
  setUrl(url: string): void;
}

export function createEmulatorServer(options: EmulatorOptions): EmulatorServer {
  const store = new Store(options.dataDir);
  const runtimeDir = join(options.dataDir, "runtime");
  mkdirSync(runtimeDir, { recursive: true });
  const runnerPath = join(runtimeDir, "emulator_runner.py");
  writeFileSync(runnerPath, runnerSource);
  let url = "";
  const host = (): string => url;
  const faults = new Faults();
  const workspace = new WorkspaceStore(store, options.dataDir);
  const baseEnv = Object.fromEntries(
    Object.entries(options.env ?? {}).filter(
      (e): e is [string, string] => e[1] !== undefined && !/^(DATABRICKS_|MLFLOW_)/.test(e[0]),
    ),
  );
  const exec = {
    python: options.python,
    runnerPath,
    workspace,
    host,
    token: options.token,
    mlflowUrl: options.mlflowUrl,
    baseEnv,
  };
  const clock = options.clock ?? systemClock;
  const jobs = new JobStore(store);
  const scheduler = new Scheduler(store, exec, faults, options.dataDir, jobs, clock);
  const triggers = new JobTriggers(clock, (jobId) => {
    const job = jobs.find(jobId);
    if (job) scheduler.submit({ ...jobRunInput(job, job.creator_user_name), trigger: "PERIODIC" });
    return job;
  });
  for (const job of jobs.all()) triggers.sync(job);
  const routes: Route[] = [
    ...(options.extraRoutes ?? []),
    scimRoute(options.user),
    workspaceRoutes(workspace),
    permissionsEndpoints(store, jobs, options.user),
    routeTable([
      ...jobEndpoints(jobs, options.user, {
        changed: (job) => triggers.sync(job),
        deleted: (jobId) => triggers.remove(jobId),
      }),
      ...runEndpoints({ jobs, scheduler, user: options.user, host }),
    ]),
  ];
  const admin = adminRoute(faults);
  const log = options.log ?? (() => undefined);
  const server = createServer((req, res) => {
    const requestId = newRequestId();
    res.setHeader("x-request-id", requestId);
    const started = Date.now();
    res.on("finish", () =>
      log(
        `${req.method ?? "?"} ${(req.url ?? "").split("?")[0] ?? ""} ${res.statusCode} ${Date.now() - started}ms`,
      ),
    );
    void handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      sendError(
        res,
        err instanceof ApiError ? err : new ApiError(500, "INTERNAL_ERROR", "Internal emulator error."),
      );
      if (!(err instanceof ApiError))
        log(`internal error: ${err instanceof Error ? err.message : String(err)}`);
    });
  });

  async function handle(req: Parameters<Route>[0], res: Parameters<Route>[1]): Promise<void> {
    const parsed = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    // Discovery paths are public on a workspace; the Python SDK probes them before it authenticates.
    if (!parsed.pathname.startsWith("/.well-known/")) authenticate(req, options.token, Date.now() / 1000);
    if (await admin(req, res, parsed, body)) return;
    await faults.apply(req.method ?? "GET", parsed.pathname);
    for (const route of routes) if (await route(req, res, parsed, body)) return;
    throw new ApiError(
      404,
      "ENDPOINT_NOT_FOUND",
      `No API found for '${req.method ?? "GET"} ${parsed.pathname}'`,
    );
  }

  return {
    server,
    setUrl: (u) => (url = u),
    async close() {
      triggers.close();
      await scheduler.close();
      store.close();
    },
  };
}
