import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import type { DatabricksClient, RunTask } from "../../../shared/databricks/index.js";
import { ManualClock } from "../../unit/databricks/fakes.js";
import { clientFor, emulator, script, waitForRun, waitUntil } from "./helpers.js";

/** A script that fails until it has run `failures` times (it counts in a file next to itself). */
function flaky(failures: number): string {
  return script(
    `import os, sys\np = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'count')\n` +
      `n = int(open(p).read()) if os.path.exists(p) else 0\nopen(p, 'w').write(str(n + 1))\n` +
      `print('attempt', n)\nsys.exit(1 if n < ${failures} else 0)\n`,
  );
}

const byKey = (tasks: RunTask[] | undefined): Record<string, string | undefined> =>
  Object.fromEntries((tasks ?? []).map((t) => [t.task_key, t.state?.result_state]));

describe("emulator control flow: retries, condition_task, for_each_task, run_job_task", () => {
  let emu: RunningEmulator;
  let client: DatabricksClient;
  const clock = new ManualClock();
  beforeAll(async () => {
    emu = await emulator({ clock });
    client = clientFor(emu);
  });
  afterAll(() => emu.stop());

  it("retries a failed task as a new attempt after WAITING_FOR_RETRY, within max_retries", async () => {
    const file = flaky(2);
    const { job_id } = await client.jobs.create({
      name: "retries",
      tasks: [
        {
          task_key: "flaky",
          max_retries: 3,
          min_retry_interval_millis: 60_000,
          spark_python_task: { python_file: file },
        },
      ],
    });
    const { run_id } = await client.jobs.runNow({ job_id });
    // The retry wait runs on the injected clock: the run holds in WAITING_FOR_RETRY until time moves.
    for (const attempt of [1, 2]) {
      const waiting = await waitUntil(client, run_id, (r) =>
        (r.tasks ?? []).some(
          (t) => t.attempt_number === attempt && t.state?.life_cycle_state === "WAITING_FOR_RETRY",
        ),
      );
      expect(waiting.state?.life_cycle_state).toBe("RUNNING");
      expect(waiting.status?.state).toBe("RUNNING");
      clock.advance(60_000);
    }
    const { run, outcome } = await waitForRun(client, run_id);
    expect(outcome).toBe("succeeded");
    const attempts = (run.tasks ?? []).map((t) => [t.attempt_number ?? 0, t.state?.result_state]);
    expect(attempts).toEqual([
      [0, "FAILED"],
      [1, "FAILED"],
      [2, "SUCCESS"],
    ]);
    expect(new Set((run.tasks ?? []).map((t) => t.run_id)).size).toBe(3);
  });

  it("stops after max_retries, and does not retry a timeout unless retry_on_timeout", async () => {
    const { job_id } = await client.jobs.create({
      name: "exhausted",
      tasks: [
        { task_key: "bad", max_retries: 1, spark_python_task: { python_file: flaky(5) } },
        {
          task_key: "slow",
          max_retries: 2,
          timeout_seconds: 1,
          spark_python_task: { python_file: script("import time\ntime.sleep(30)\n") },
        },
        {
          task_key: "slow_retried",
          max_retries: 1,
          retry_on_timeout: true,
          timeout_seconds: 1,
          spark_python_task: { python_file: script("import time\ntime.sleep(30)\n") },
        },
      ],
    });
    const { run, outcome } = await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id);
    expect(outcome).toBe("failed");
    const summary = (run.tasks ?? []).map(
      (t) => `${t.task_key}#${t.attempt_number ?? 0}:${t.state?.result_state}`,
    );
    expect(summary.sort()).toEqual([
      "bad#0:FAILED",
      "bad#1:FAILED",
      "slow#0:TIMEDOUT",
      "slow_retried#0:TIMEDOUT",
      "slow_retried#1:TIMEDOUT",
    ]);
  });

  it("branches on a condition_task outcome: the other branch and its dependents are EXCLUDED", async () => {
    const ok = script("print('ran')\n");
    const { job_id } = await client.jobs.create({
      name: "branch",
      parameters: [{ name: "env", default: "dev" }],
      tasks: [
        {
          task_key: "is_prod",
          condition_task: { op: "EQUAL_TO", left: "{{job.parameters.env}}", right: "prod" },
        },
        {
          task_key: "deploy",
          depends_on: [{ task_key: "is_prod", outcome: "true" }],
          spark_python_task: { python_file: ok },
        },
        {
          task_key: "after_deploy",
          depends_on: [{ task_key: "deploy" }],
          spark_python_task: { python_file: ok },
        },
        {
          task_key: "dry_run",
          depends_on: [{ task_key: "is_prod", outcome: "false" }],
          spark_python_task: { python_file: ok },
        },
        { task_key: "big", condition_task: { op: "GREATER_THAN", left: "12.5", right: "9" } },
      ],
    });
    const dev = await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id);
    expect(dev.outcome).toBe("succeeded");
    expect(byKey(dev.run.tasks)).toEqual({
      is_prod: "SUCCESS",
      deploy: "EXCLUDED",
      after_deploy: "EXCLUDED",
      dry_run: "SUCCESS",
      big: "SUCCESS",
    });
    const outcomes = (dev.run.tasks ?? []).map(
      (t) => (t.condition_task as { outcome?: string } | undefined)?.outcome,
    );
    expect(outcomes.filter(Boolean)).toEqual(["false", "true"]);
    const prod = await waitForRun(
      client,
      (await client.jobs.runNow({ job_id, job_parameters: { env: "prod" } })).run_id,
    );
    expect(byKey(prod.run.tasks)).toMatchObject({
      deploy: "SUCCESS",
      after_deploy: "SUCCESS",
      dry_run: "EXCLUDED",
    });
  });

  it("runs a for_each_task's nested task once per input, concurrency at a time, with {{input}} bound", async () => {
    const echo = script("import sys\nprint('item', sys.argv[1], sys.argv[2])\n");
    const { job_id } = await client.jobs.create({
      name: "fan-out",
      parameters: [{ name: "regions", default: '["eu","us","ap"]' }],
      tasks: [
        {
          task_key: "each_region",
          for_each_task: {
            inputs: "{{job.parameters.regions}}",
            concurrency: 2,
            task: {
              task_key: "each_region_iteration",
              spark_python_task: { python_file: echo, parameters: ["{{input}}", "{{job.run_id}}"] },
            },
          },
        },
      ],
    });
    const { run, outcome } = await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id);
    expect(outcome).toBe("succeeded");
    const forEach = run.tasks?.[0];
    const stats = (forEach?.for_each_task as { stats?: { task_run_stats?: Record<string, number> } }).stats;
    expect(stats?.task_run_stats).toMatchObject({
      total_iterations: 3,
      succeeded_iterations: 3,
      failed_iterations: 0,
    });
    const iterations = (await client.jobs.getRun(forEach?.run_id ?? "")).iterations ?? [];
    expect(iterations).toHaveLength(3);
    const logs = await Promise.all(
      iterations.map(async (t) => (await client.jobs.getRunOutput(t.run_id ?? "")).logs),
    );
    expect(logs.map((l) => l?.trim())).toEqual([
      `item eu ${run.run_id}`,
      `item us ${run.run_id}`,
      `item ap ${run.run_id}`,
    ]);
  });

  it("fails a for_each_task whose inputs are not a JSON array", async () => {
    const { job_id } = await client.jobs.create({
      name: "bad-inputs",
      tasks: [
        {
          task_key: "each",
          for_each_task: {
            inputs: "not json",
            task: { task_key: "inner", spark_python_task: { python_file: "/x.py" } },
          },
        },
      ],
    });
    const { run, outcome } = await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id);
    expect(outcome).toBe("failed");
    expect(run.tasks?.[0]?.state?.state_message).toContain("JSON array");
  });

  it("runs another job from a run_job_task with job_parameters and takes its result", async () => {
    const child = await client.jobs.create({
      name: "child",
      parameters: [{ name: "x", default: "unset" }],
      tasks: [
        {
          task_key: "c",
          spark_python_task: {
            python_file: script(
              "import sys\nprint('child got', sys.argv[1])\nsys.exit(1 if sys.argv[1] == 'boom' else 0)\n",
            ),
            parameters: ["{{job.parameters.x}}"],
          },
        },
      ],
    });
    const { job_id } = await client.jobs.create({
      name: "parent",
      parameters: [{ name: "y", default: "hello" }],
      tasks: [
        {
          task_key: "call",
          run_job_task: { job_id: child.job_id, job_parameters: { x: "{{job.parameters.y}}" } },
        },
      ],
    });
    const ok = await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id);
    expect(ok.outcome).toBe("succeeded");
    const output = await client.jobs.getRunOutput(ok.run.tasks?.[0]?.run_id ?? "");
    const childRunId = (output as { run_job_output?: { run_id?: unknown } }).run_job_output?.run_id;
    const childRun = await client.jobs.getRun(String(childRunId));
    expect(childRun.job_id).toBe(child.job_id);
    expect(childRun.trigger).toBe("RUN_JOB_TASK");
    expect(childRun.job_parameters).toContainEqual({ name: "x", default: "unset", value: "hello" });
    expect((await client.jobs.getRunOutput(childRun.tasks?.[0]?.run_id ?? "")).logs).toContain(
      "child got hello",
    );
    const failed = await waitForRun(
      client,
      (await client.jobs.runNow({ job_id, job_parameters: { y: "boom" } })).run_id,
    );
    expect(failed.outcome).toBe("failed");
    expect(failed.run.tasks?.[0]?.state?.state_message).toContain("ended FAILED");
  });
});
