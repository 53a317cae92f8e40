import { describe, expect, it } from "vitest";
import { int64, parseJson, stringifyJson } from "../../../shared/databricks/int64.js";
import { jobsIdKeys } from "../../../shared/databricks/runs-types.js";
import { setup } from "./setup.js";

// 19 digits, far past 2^53: Number("9223372036854775807") would print 9223372036854776000.
const big = "9223372036854775807";
const big2 = "1152921504606846977";

describe("int64 codec", () => {
  it("parses id keys to exact decimal strings and leaves other numbers alone", () => {
    const text = `{"job_id":${big},"start_time":1700000000000,"settings":{"timeout_seconds":3600}}`;
    expect(parseJson(text, jobsIdKeys)).toEqual({
      job_id: big,
      start_time: 1700000000000,
      settings: { timeout_seconds: 3600 },
    });
  });

  it("handles arrays of ids, nested objects in arrays, and small ids", () => {
    const text = `{"repair_history":[{"id":${big2},"task_run_ids":[${big}, 7]}],"runs":[{"run_id":42}]}`;
    expect(parseJson(text, jobsIdKeys)).toEqual({
      repair_history: [{ id: big2, task_run_ids: [big, "7"] }],
      runs: [{ run_id: "42" }],
    });
  });

  it("does not touch numbers inside strings, string ids, or non-integers", () => {
    const text = `{"message":"job_id\\": ${big}, \\"run_id\\":1","run_id":"abc","job_id":1.5,"x":[1,2]}`;
    expect(parseJson(text, jobsIdKeys)).toEqual({
      message: `job_id": ${big}, "run_id":1`,
      run_id: "abc",
      job_id: 1.5,
      x: [1, 2],
    });
  });

  it("writes Int64 values as bare digits and drops undefined members", () => {
    const text = stringifyJson({ job_id: int64(big), name: "n", skip: undefined, list: [int64("1"), "2"] });
    expect(text).toBe(`{"job_id":${big},"name":"n","list":[1,"2"]}`);
  });

  it("rejects ids that are not decimal integers", () => {
    expect(() => int64("12a")).toThrow(TypeError);
    expect(() => int64("1e5")).toThrow(TypeError);
  });

  it("round-trips a 19-digit job and run id through the client without loss", async () => {
    const { client, fake, run } = setup([
      {
        body: `{"job_id":${big},"settings":{"name":"train","tasks":[{"task_key":"t","run_job_task":{"job_id":${big2}}}]}}`,
      },
      { body: `{"run_id":${big2},"number_in_job":${big2}}` },
      { body: "{}" },
    ]);
    const job = await run(client.jobs.get(big));
    expect(job.job_id).toBe(big);
    expect(job.settings?.tasks?.[0]?.run_job_task?.job_id).toBe(big2);
    const started = await run(client.jobs.runNow({ job_id: job.job_id, idempotency_token: "tok" }));
    expect(started.run_id).toBe(big2);
    await run(client.jobs.reset(job.job_id, job.settings ?? {}));
    expect(fake.requests[0]?.url.searchParams.get("job_id")).toBe(big);
    expect(fake.requests[1]?.body).toBe(`{"job_id":${big},"idempotency_token":"tok"}`);
    expect(fake.requests[2]?.body).toContain(`"job_id":${big},"new_settings"`);
    expect(fake.requests[2]?.body).toContain(`"run_job_task":{"job_id":${big2}}`);
  });

  it("carries workspace object_id losslessly", async () => {
    const { client, run } = setup([
      { body: `{"objects":[{"path":"/a","object_type":"FILE","object_id":${big}}]}` },
    ]);
    expect(await run(client.workspace.list("/"))).toEqual([
      { path: "/a", object_type: "FILE", object_id: big },
    ]);
  });
});
