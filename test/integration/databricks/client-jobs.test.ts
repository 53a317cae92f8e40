import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { collect, type DatabricksClient } from "../../../shared/databricks/index.js";
import { clientFor, emulator, pythonJob, script, waitForRun, waitUntil } from "./helpers.js";

describe("our client against the emulator: jobs and runs", () => {
  let emu: RunningEmulator;
  let client: DatabricksClient;
  beforeAll(async () => {
    emu = await emulator();
    client = clientFor(emu);
  });
  afterAll(() => emu.stop());

  it("creates, gets and lists jobs with 19-digit ids that survive the round trip", async () => {
    const { job_id } = await client.jobs.create(pythonJob("ids-job", "/nowhere.py"));
    expect(job_id).toMatch(/^\d{19}$/);
    expect(BigInt(job_id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const job = await client.jobs.get(job_id);
    expect(job.job_id).toBe(job_id);
    expect(job.settings?.tasks?.[0]?.task_key).toBe("main");
    const listed = await collect(client.jobs.list({ name: "IDS-JOB" }));
    expect(listed.map((j) => j.job_id)).toEqual([job_id]);
    await client.jobs.delete(job_id);
    await expect(client.jobs.get(job_id)).rejects.toMatchObject({ errorCode: "RESOURCE_DOES_NOT_EXIST" });
  });

  it("paginates jobs/list and runs/list with page tokens", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await client.jobs.create(pythonJob("paged", script("print(1)\n")))).job_id);
    expect((await collect(client.jobs.list({ name: "paged", limit: 2 }))).map((j) => j.job_id)).toEqual(ids);
    const job_id = ids[0] ?? "";
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { run_id } = await client.jobs.runNow({ job_id });
      await waitForRun(client, run_id);
      runs.push(run_id);
    }
    // Newest first, as Databricks lists runs.
    expect((await collect(client.jobs.listRuns({ job_id, limit: 2 }))).map((r) => r.run_id)).toEqual(
      runs.reverse(),
    );
  });

  it("pages large jobs in jobs/get and the client merges the pages", async () => {
    const tasks = Array.from({ length: 230 }, (_, i) => ({
      task_key: `t${i}`,
      spark_python_task: { python_file: "/x.py" },
    }));
    const { job_id } = await client.jobs.create({ name: "big", tasks });
    const job = await client.jobs.get(job_id);
    expect(job.settings?.tasks?.map((t) => t.task_key)).toEqual(tasks.map((t) => t.task_key));
  });

  it("starts exactly one run for two run-now calls with one idempotency token, and resolves references", async () => {
    const file = script("import sys\nprint('args', sys.argv[1:])\n");
    const settings = pythonJob("refs", file, { parameters: [{ name: "x", default: "dflt" }] }, [
      "{{job.parameters.x}}",
      "{{task.name}}",
      "{{job.run_id}}",
      "{{job.id}}",
    ]);
    const { job_id } = await client.jobs.create(settings);
    const first = await client.jobs.runNow({
      job_id,
      idempotency_token: "tok-1",
      job_parameters: { x: "given" },
    });
    const second = await client.jobs.runNow({
      job_id,
      idempotency_token: "tok-1",
      job_parameters: { x: "other" },
    });
    expect(second.run_id).toBe(first.run_id);
    const { run, outcome } = await waitForRun(client, first.run_id);
    expect(outcome).toBe("succeeded");
    expect(run.state?.life_cycle_state).toBe("TERMINATED");
    expect(run.status?.termination_details?.code).toBe("SUCCESS");
    const runs = await collect(client.jobs.listRuns({ job_id }));
    expect(runs.map((r) => r.run_id)).toEqual([first.run_id]);
    const output = await client.jobs.getRunOutput(run.tasks?.[0]?.run_id ?? "");
    expect(output.logs).toContain(`args ['given', 'main', '${first.run_id}', '${job_id}']`);
  });

  it("classifies a failing script as failed, keeps the error, and repairs it with latest_repair_id", async () => {
    const marker = script("", "fixed");
    const file = script(
      `import os, sys\nif not os.path.exists(${JSON.stringify(marker)}.replace('fixed','ok')):\n    sys.exit('broken on purpose')\n`,
    );
    const { job_id } = await client.jobs.create(pythonJob("repair", file));
    const { run_id } = await client.jobs.runNow({ job_id });
    const failed = await waitForRun(client, run_id);
    expect(failed.outcome).toBe("failed");
    expect(failed.run.state?.result_state).toBe("FAILED");
    const output = await client.jobs.getRunOutput(run_id);
    expect(output.error).toContain("broken on purpose");
    (await import("node:fs")).writeFileSync(marker.replace("fixed", "ok"), "");
    const { repair_id } = await client.jobs.repairRun({ run_id, rerun_all_failed_tasks: true });
    const repaired = await waitForRun(client, run_id);
    expect(repaired.outcome).toBe("succeeded");
    expect(repaired.run.repair_history?.map((r) => r.type)).toEqual(["ORIGINAL", "REPAIR"]);
    expect(repaired.run.repair_history?.[1]?.id).toBe(repair_id);
    await expect(client.jobs.repairRun({ run_id, rerun_tasks: ["main"] })).rejects.toMatchObject({
      errorCode: "INVALID_PARAMETER_VALUE",
    });
    const again = await client.jobs.repairRun({ run_id, rerun_tasks: ["main"], latest_repair_id: repair_id });
    expect(again.repair_id).not.toBe(repair_id);
    expect((await waitForRun(client, run_id)).outcome).toBe("succeeded");
  });

  it("cancels a long run and kills its process", async () => {
    const pidFile = script("", "pid");
    const file = script(
      `import os, time\nopen(${JSON.stringify(pidFile)}, 'w').write(str(os.getpid()))\ntime.sleep(300)\n`,
    );
    const { job_id } = await client.jobs.create(pythonJob("cancel", file));
    const { run_id } = await client.jobs.runNow({ job_id });
    const fs = await import("node:fs");
    await waitUntil(client, run_id, () => fs.readFileSync(pidFile, "utf8") !== "");
    await client.jobs.cancelRun(run_id);
    const { run, outcome } = await waitForRun(client, run_id);
    expect(outcome).toBe("canceled");
    expect(run.state?.result_state).toBe("CANCELED");
    expect(() => process.kill(Number(fs.readFileSync(pidFile, "utf8")), 0)).toThrow();
  });

  it("queues a second run under max_concurrent_runs and times out with timeout_seconds", async () => {
    const file = script("import time\ntime.sleep(300)\n");
    const { job_id } = await client.jobs.create(
      pythonJob("queue", file, { max_concurrent_runs: 1, timeout_seconds: 1 }),
    );
    const first = await client.jobs.runNow({ job_id });
    const second = await client.jobs.runNow({ job_id });
    const queued = await client.jobs.getRun(second.run_id);
    expect(queued.state?.life_cycle_state).toBe("QUEUED");
    expect(queued.status?.state).toBe("QUEUED");
    expect(await waitForRun(client, first.run_id)).toMatchObject({ outcome: "timedOut" });
    expect((await waitForRun(client, second.run_id)).run.state?.result_state).toBe("TIMEDOUT");
  });

  it("skips an extra run when queueing is off, and cancels a queued run without starting it", async () => {
    const file = script("import time\ntime.sleep(300)\n");
    const { job_id } = await client.jobs.create(
      pythonJob("no-queue", file, { max_concurrent_runs: 1, queue: { enabled: false } }),
    );
    const first = await client.jobs.runNow({ job_id });
    const skipped = await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id);
    expect(skipped.outcome).toBe("skipped");
    expect(skipped.run.state).toMatchObject({
      life_cycle_state: "SKIPPED",
      result_state: "MAXIMUM_CONCURRENT_RUNS_REACHED",
    });
    const queued = await client.jobs.runNow({ job_id, queue: { enabled: true } });
    expect((await client.jobs.getRun(queued.run_id)).state?.life_cycle_state).toBe("QUEUED");
    await client.jobs.cancelRun(queued.run_id);
    const canceled = await waitForRun(client, queued.run_id);
    expect(canceled.outcome).toBe("canceled");
    expect(canceled.run.tasks?.[0]?.state?.result_state).toBe("CANCELED");
    await client.jobs.cancelRun(first.run_id);
    expect((await waitForRun(client, first.run_id)).outcome).toBe("canceled");
  });
});
