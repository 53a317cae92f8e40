import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { collect, type DatabricksClient, type JobSettings } from "../../../shared/databricks/index.js";
import { ManualClock } from "../../unit/databricks/fakes.js";
import { clientFor, emulator, script, waitForRun } from "./helpers.js";

const hour = 3_600_000;

describe("emulator schedules and triggers on an injected clock; unsupported settings are refused", () => {
  let emu: RunningEmulator;
  let client: DatabricksClient;
  // 2026-01-01T00:00:00Z: an hourly schedule fires next at 01:00.
  const clock = new ManualClock();
  beforeAll(async () => {
    emu = await emulator({ clock });
    client = clientFor(emu);
  });
  afterAll(() => emu.stop());

  const runsOf = async (job_id: string) => collect(client.jobs.listRuns({ job_id }));

  it("never fires a PAUSED schedule; once UNPAUSED it starts runs with trigger PERIODIC on each cron time", async () => {
    const settings: JobSettings = {
      name: "hourly",
      schedule: {
        quartz_cron_expression: "0 0 * * * ?",
        timezone_id: "Europe/Amsterdam",
        pause_status: "PAUSED",
      },
      tasks: [{ task_key: "t", spark_python_task: { python_file: script("print('tick')\n") } }],
    };
    const { job_id } = await client.jobs.create(settings);
    clock.advance(3 * hour);
    expect(await runsOf(job_id)).toEqual([]);
    await client.jobs.update(job_id, {
      schedule: { ...(settings.schedule as object), pause_status: "UNPAUSED" },
    });
    clock.advance(hour / 2);
    expect(await runsOf(job_id)).toEqual([]);
    clock.advance(hour / 2);
    clock.advance(hour);
    const runs = await runsOf(job_id);
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.trigger).toBe("PERIODIC");
      expect((await waitForRun(client, run.run_id)).outcome).toBe("succeeded");
    }
    await client.jobs.delete(job_id);
    clock.advance(hour);
    expect(await runsOf(job_id)).toHaveLength(2);
  });

  it("fires trigger.periodic every interval unless paused", async () => {
    const { job_id } = await client.jobs.create({
      name: "periodic",
      trigger: { pause_status: "UNPAUSED", periodic: { interval: 2, unit: "HOURS" } },
      tasks: [{ task_key: "t", spark_python_task: { python_file: script("print('tock')\n") } }],
    });
    clock.advance(hour);
    expect(await runsOf(job_id)).toHaveLength(0);
    clock.advance(hour);
    expect(await runsOf(job_id)).toHaveLength(1);
    await client.jobs.update(job_id, {
      trigger: { pause_status: "PAUSED", periodic: { interval: 2, unit: "HOURS" } },
    });
    clock.advance(10 * hour);
    expect(await runsOf(job_id)).toHaveLength(1);
  });

  it.each([
    [
      "an unsupported task type",
      { tasks: [{ task_key: "q", sql_task: { query: { query_id: "1" } } }] },
      "sql_task",
    ],
    ["a task without a type", { tasks: [{ task_key: "q" }] }, "no task type"],
    [
      "a nested for_each_task",
      {
        tasks: [
          {
            task_key: "f",
            for_each_task: {
              inputs: "[1]",
              task: {
                task_key: "g",
                for_each_task: {
                  inputs: "[1]",
                  task: { task_key: "h", spark_python_task: { python_file: "/x.py" } },
                },
              },
            },
          },
        ],
      },
      "cannot be nested",
    ],
    [
      "a bad condition op",
      { tasks: [{ task_key: "c", condition_task: { op: "MATCHES", left: "a", right: "b" } }] },
      "op must be",
    ],
    [
      "an outcome on a non-condition dependency",
      {
        tasks: [
          { task_key: "a", spark_python_task: { python_file: "/x.py" } },
          {
            task_key: "b",
            depends_on: [{ task_key: "a", outcome: "true" }],
            spark_python_task: { python_file: "/x.py" },
          },
        ],
      },
      "outcome",
    ],
    [
      "a file arrival trigger",
      { trigger: { file_arrival: { url: "abfss://x@y.dfs.core.windows.net/in/" } } },
      "file_arrival",
    ],
    ["a continuous job", { continuous: { pause_status: "UNPAUSED" } }, "continuous"],
    [
      "a Quartz L in the schedule",
      { schedule: { quartz_cron_expression: "0 0 0 L * ?", timezone_id: "UTC" } },
      "L, W or #",
    ],
    [
      "an unknown time zone",
      { schedule: { quartz_cron_expression: "0 0 0 * * ?", timezone_id: "Mars/Olympus" } },
      "timezone_id",
    ],
    [
      "max_retries below -1",
      { tasks: [{ task_key: "r", max_retries: -2, spark_python_task: { python_file: "/x.py" } }] },
      "max_retries",
    ],
  ])("answers %s with 400 INVALID_PARAMETER_VALUE", async (_what, extra, message) => {
    const settings = {
      name: "refused",
      tasks: [{ task_key: "t", spark_python_task: { python_file: "/x.py" } }],
      ...extra,
    };
    const error = await client.jobs.create(settings as JobSettings).catch((e: unknown) => e);
    expect(error).toMatchObject({ errorCode: "INVALID_PARAMETER_VALUE", status: 400 });
    expect((error as Error).message).toContain(message);
  });
});
