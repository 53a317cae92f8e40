import { describe, expect, it } from "vitest";
import { withIdKinds } from "../../../../shared/bundles/plan/field-kind.js";
import { readState } from "../../../../shared/bundles/plan/state.js";

describe("int64 job ids without the schema", () => {
  it("types run_job_task.job_id at any depth of a job's tasks, and nothing else", () => {
    const kind = withIdKinds(undefined);
    expect(kind("jobs", ["tasks", 0, "run_job_task", "job_id"])).toBe("int64");
    expect(kind("jobs", ["tasks", 0, "for_each_task", "task", "run_job_task", "job_id"])).toBe("int64");
    expect(kind("jobs", ["parameters", 0, "default"])).toBeUndefined();
    expect(kind("experiments", ["run_job_task", "job_id"])).toBeUndefined();
  });

  it("lets the schema decide first", () => {
    const kind = withIdKinds(() => "string");
    expect(kind("jobs", ["tasks", 0, "run_job_task", "job_id"])).toBe("string");
  });

  it("reads job ids beyond 2^53 from resources.json exactly, old text ids included", () => {
    const text = `{"state_version":2,"lineage":"l","serial":3,"state":{
      "resources.jobs.a":{"__id__":"1100000000000000123","state":{"tasks":[{"run_job_task":{"job_id":1100000000000000123}}]}},
      "resources.jobs.b":{"__id__":"7","state":{"tasks":[{"run_job_task":{"job_id":"1100000000000000124"}},{"run_job_task":{"job_id":42}}]}}}}`;
    const read = readState(text, "resources.json");
    expect(read.kind).toBe("ok");
    if (read.kind !== "ok") return;
    const tasks = (node: string) =>
      (read.state.state[node]?.state as { tasks: { run_job_task: { job_id: unknown } }[] }).tasks.map(
        (t) => t.run_job_task.job_id,
      );
    expect(tasks("resources.jobs.a")).toEqual([1100000000000000123n]);
    expect(tasks("resources.jobs.b")).toEqual([1100000000000000124n, 42]);
    expect(read.state.state["resources.jobs.a"]?.__id__).toBe("1100000000000000123");
  });
});
