import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import type { DatabricksClient } from "../../../shared/databricks/index.js";
import { clientFor, emulator, script, waitForRun } from "./helpers.js";

const notebook = `# Databricks notebook source
dbutils.widgets.text("greeting", "unset")
value = dbutils.widgets.get("greeting")
dbutils.jobs.taskValues.set("answer", 42)

# COMMAND ----------

dbutils.notebook.exit(value + "!")
`;

describe("our client against the emulator: task kinds, dependencies, injected run faults", () => {
  let emu: RunningEmulator;
  let client: DatabricksClient;
  beforeAll(async () => {
    emu = await emulator();
    client = clientFor(emu);
  });
  afterAll(() => emu.stop());

  it("runs a source notebook with widgets, task values and notebook.exit, and passes values downstream", async () => {
    const content = Buffer.from(notebook).toString("base64");
    await client.workspace.mkdirs("/Users/dev");
    await client.workspace.import({ path: "/Users/dev/nb.py", content, format: "AUTO" });
    const reader = script("import sys\nprint('got', sys.argv[1])\n");
    const { job_id } = await client.jobs.create({
      name: "notebook",
      parameters: [{ name: "greeting", default: "hello" }],
      tasks: [
        { task_key: "nb", notebook_task: { notebook_path: "/Users/dev/nb" } },
        {
          task_key: "read",
          depends_on: [{ task_key: "nb" }],
          spark_python_task: { python_file: reader, parameters: ["{{tasks.nb.values.answer}}"] },
        },
      ],
    });
    const { run_id } = await client.jobs.runNow({ job_id, job_parameters: { greeting: "hi" } });
    const { run, outcome } = await waitForRun(client, run_id);
    expect(outcome).toBe("succeeded");
    const [nb, read] = run.tasks ?? [];
    expect((await client.jobs.getRunOutput(nb?.run_id ?? "")).notebook_output?.result).toBe("hi!");
    expect((await client.jobs.getRunOutput(read?.run_id ?? "")).logs).toContain("got 42");
    await expect(client.jobs.getRunOutput(run_id)).rejects.toMatchObject({
      errorCode: "INVALID_PARAMETER_VALUE",
      status: 400,
    });
  });

  it("applies depends_on and run_if: an upstream failure fails dependents, ALL_DONE still runs", async () => {
    const bad = script("raise SystemExit(3)\n");
    const good = script("print('cleanup')\n");
    const { job_id } = await client.jobs.create({
      name: "deps",
      tasks: [
        { task_key: "a", spark_python_task: { python_file: bad } },
        { task_key: "b", depends_on: [{ task_key: "a" }], spark_python_task: { python_file: good } },
        {
          task_key: "c",
          depends_on: [{ task_key: "a" }],
          run_if: "ALL_DONE",
          spark_python_task: { python_file: good },
        },
        {
          task_key: "d",
          depends_on: [{ task_key: "a" }],
          run_if: "ALL_FAILED",
          spark_python_task: { python_file: good },
        },
      ],
    });
    const { run, outcome } = await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id);
    expect(outcome).toBe("failed");
    const results = Object.fromEntries((run.tasks ?? []).map((t) => [t.task_key, t.state?.result_state]));
    expect(results).toEqual({ a: "FAILED", b: "UPSTREAM_FAILED", c: "SUCCESS", d: "SUCCESS" });
  });

  it("runs a python_wheel_task entry point from a wheel library", async () => {
    const whl = script("", "emu_pkg-0.1-py3-none-any.whl");
    execFileSync("python3", ["-c", wheelBuilder, whl]);
    const { job_id } = await client.jobs.create({
      name: "wheel",
      tasks: [
        {
          task_key: "w",
          python_wheel_task: { package_name: "emu_pkg", entry_point: "emu-main", parameters: ["p1"] },
          libraries: [{ whl }],
        },
      ],
    });
    const { run } = await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id);
    expect(run.state?.result_state).toBe("SUCCESS");
    expect((await client.jobs.getRunOutput(run.run_id)).logs).toContain("wheel says ['emu_pkg', 'p1']");
  });

  it("injects a failed run and an internal error for the next runs of one job", async () => {
    const { job_id } = await client.jobs.create({
      name: "faulty",
      tasks: [{ task_key: "m", spark_python_task: { python_file: script("print(1)\n") } }],
    });
    const inject = (kind: string): Promise<Response> =>
      fetch(`${emu.url}/__emulator/faults`, {
        method: "POST",
        headers: { authorization: `Bearer ${emu.token}` },
        body: JSON.stringify({ runFailure: { jobId: job_id, kind, count: 1 } }),
      });
    expect((await inject("failed")).status).toBe(200);
    expect((await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id)).outcome).toBe("failed");
    expect((await inject("internalError")).status).toBe(200);
    const internal = await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id);
    expect(internal.outcome).toBe("internalError");
    expect(internal.run.state?.life_cycle_state).toBe("INTERNAL_ERROR");
    expect((await waitForRun(client, (await client.jobs.runNow({ job_id })).run_id)).outcome).toBe(
      "succeeded",
    );
  });
});

const wheelBuilder = `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("emu_pkg/__init__.py", "import sys\\ndef main():\\n    print('wheel says', sys.argv)\\n")
    z.writestr("emu_pkg-0.1.dist-info/METADATA", "Metadata-Version: 2.1\\nName: emu_pkg\\nVersion: 0.1\\n")
    z.writestr("emu_pkg-0.1.dist-info/entry_points.txt", "[console_scripts]\\nemu-main = emu_pkg:main\\n")
    z.writestr("emu_pkg-0.1.dist-info/WHEEL", "Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
    z.writestr("emu_pkg-0.1.dist-info/RECORD", "")
`;

describe("runs/submit", () => {
  it("runs a one-time run without a job, once per idempotency token", async () => {
    const emu = await emulator();
    try {
      const client = clientFor(emu);
      const submit = async (): Promise<string> => {
        const res = await fetch(`${emu.url}/api/2.2/jobs/runs/submit`, {
          method: "POST",
          headers: { authorization: `Bearer ${emu.token}` },
          body: JSON.stringify({
            run_name: "once",
            idempotency_token: "sub-1",
            tasks: [{ task_key: "t", spark_python_task: { python_file: script("print('submitted')\n") } }],
          }),
        });
        // Read the id as text: a JS number would lose its last digits.
        return /"run_id":(\d+)/.exec(await res.text())?.[1] ?? "";
      };
      const runId = await submit();
      expect(await submit()).toBe(runId);
      const { run, outcome } = await waitForRun(client, runId);
      expect(outcome).toBe("succeeded");
      expect(run).toMatchObject({ run_type: "SUBMIT_RUN", run_name: "once" });
      expect(run.job_id).toBeUndefined();
    } finally {
      await emu.stop();
    }
  });
});
