import { idParam } from "../http.js";
import type { Ctx, Endpoint } from "../router.js";
import type { JobStore } from "./job-store.js";
import { terminal } from "./model.js";
import { repair } from "./repair.js";
import { runNow, submit } from "./run-start.js";
import { findRun, getOutput, getRun, listRuns } from "./run-view.js";
import type { Scheduler } from "./scheduler.js";

const base = "/api/2.2/jobs";

export interface Deps {
  jobs: JobStore;
  scheduler: Scheduler;
  user: string;
  host: () => string;
}

export function runEndpoints(d: Deps): Endpoint[] {
  return [
    { method: "POST", path: `${base}/run-now`, handler: (c) => runNow(d, c) },
    { method: "POST", path: `${base}/runs/submit`, handler: (c) => submit(d, c) },
    { method: "GET", path: `${base}/runs/get`, handler: (c) => getRun(d, c) },
    { method: "GET", path: `${base}/runs/list`, handler: (c) => listRuns(d, c) },
    {
      method: "POST",
      path: `${base}/runs/cancel`,
      handler: (c) => cancel(d, idParam(c.json().run_id, "run_id")),
    },
    { method: "POST", path: `${base}/runs/cancel-all`, handler: (c) => cancelAll(d, c) },
    { method: "GET", path: `${base}/runs/get-output`, handler: (c) => getOutput(d, c) },
    { method: "POST", path: `${base}/runs/repair`, handler: (c) => repair(d.scheduler, c) },
  ];
}

function cancel(d: Deps, runId: string): void {
  const { run } = findRun(d, runId);
  if (!terminal(run.life)) d.scheduler.stop(run.run_id, "CANCELED");
}

function cancelAll(d: Deps, c: Ctx): void {
  const jobId = idParam(c.json().job_id, "job_id");
  const { runs } = d.scheduler.runs.list(jobId, 0, Number.MAX_SAFE_INTEGER, (r) => !terminal(r.life));
  for (const run of runs) d.scheduler.stop(run.run_id, "CANCELED");
}
