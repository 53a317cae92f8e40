import { describe, expect, it } from "vitest";
import { type RefContext, resolveDeep, resolveRefs } from "../../../local/databricks/jobs/dynamic.js";

const ctx: RefContext = {
  jobId: "1100000000000000001",
  jobName: "train",
  jobRunId: "1100000000000000002",
  taskKey: "fit",
  taskRunId: "1100000000000000003",
  startTime: Date.UTC(2026, 0, 2, 3, 4, 5),
  repairCount: 0,
  parameters: { env: "dev" },
  taskValues: (key) => (key === "prep" ? { rows: 10, name: "x" } : {}),
  taskRunIdOf: (key) => (key === "prep" ? "1100000000000000004" : undefined),
  triggerType: "periodic",
  attempt: 1,
};

describe("dynamic value references", () => {
  it("resolves job, task, parameter and task-value references, keeping ids exact", () => {
    expect(resolveRefs("{{job.id}}/{{job.run_id}}/{{ task.name }}/{{task.run_id}}/{{run_id}}", ctx)).toBe(
      "1100000000000000001/1100000000000000002/fit/1100000000000000003/1100000000000000003",
    );
    expect(resolveRefs("{{job.parameters.env}}-{{job.start_time.iso_date}}", ctx)).toBe("dev-2026-01-02");
    expect(
      resolveRefs("{{tasks.prep.values.rows}} {{tasks.prep.values.name}} {{tasks.prep.run_id}}", ctx),
    ).toBe("10 x 1100000000000000004");
  });

  it("leaves unknown references as written and resolves inside nested settings", () => {
    expect(resolveRefs("{{job.parameters.missing}} {{nonsense}}", ctx)).toBe(
      "{{job.parameters.missing}} {{nonsense}}",
    );
    expect(resolveDeep({ a: ["{{task.name}}", 3], b: { c: "{{job.name}}" } }, ctx)).toEqual({
      a: ["fit", 3],
      b: { c: "train" },
    });
  });
});
