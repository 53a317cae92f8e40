import { describe, expect, it } from "vitest";
import { prepareSchema } from "../../../../shared/bundles/index.js";
import { planBundle, renderPlanError } from "../../../../shared/bundles/plan/index.js";
import { convertTo } from "../../../../shared/bundles/plan/convert.js";

/** Shaped like the official schema: scalar fields point at `#/$defs/<go kind>`. */
const schema = prepareSchema({
  $defs: {
    int64: { type: "integer" },
    int: { type: "integer" },
    string: { type: "string" },
    bool: { type: "boolean" },
    job: {
      type: "object",
      properties: {
        name: { $ref: "#/$defs/string" },
        max_concurrent_runs: { $ref: "#/$defs/int" },
        tasks: {
          type: "array",
          items: {
            type: "object",
            properties: {
              run_job_task: { type: "object", properties: { job_id: { $ref: "#/$defs/int64" } } },
            },
          },
        },
      },
    },
  },
  type: "object",
  properties: {
    resources: {
      type: "object",
      properties: { jobs: { type: "object", additionalProperties: { $ref: "#/$defs/job" } } },
    },
  },
});

const jobs = (jobId: string) => ({
  resources: {
    jobs: {
      bar: { name: "job bar", max_concurrent_runs: 3 },
      foo: {
        name: "${resources.jobs.bar.max_concurrent_runs}",
        tasks: [{ run_job_task: { job_id: jobId } }],
      },
    },
  },
});

describe("plan type checks of resolved references", () => {
  it("refuses a string that does not parse into an int64 field, worded like the CLI", () => {
    const r = planBundle({ desired: jobs("${resources.jobs.bar.name}"), schema });
    if (r.kind !== "error") throw new Error("expected a planning error");
    expect(renderPlanError(r)).toBe(
      'Error: cannot plan resources.jobs.foo: cannot update tasks[0].run_job_task.job_id with value of "${resources.jobs.bar.name}": ' +
        'cannot set (*jobs.JobSettings).tasks[0].run_job_task.job_id to string ("job bar"): cannot parse "job bar" as int64: ' +
        'strconv.ParseInt: parsing "job bar": invalid syntax\n\nError: planning failed\n',
    );
  });

  it("converts what Go converts: an int into a string field, a numeric string into an int field", () => {
    const r = planBundle({
      desired: {
        resources: {
          jobs: {
            bar: { name: "42", max_concurrent_runs: 5 },
            foo: {
              name: "${resources.jobs.bar.max_concurrent_runs}",
              max_concurrent_runs: "${resources.jobs.bar.name}",
            },
          },
        },
      },
      schema,
    });
    if (r.kind !== "ok") throw new Error(r.message);
    expect(r.plan.plan["resources.jobs.foo"]?.new_state?.value).toEqual({
      name: "5",
      max_concurrent_runs: 42,
    });
    const ok = planBundle({ desired: jobs("${resources.jobs.bar.max_concurrent_runs}"), schema });
    if (ok.kind !== "ok") throw new Error(ok.message);
    expect(ok.plan.plan["resources.jobs.foo"]?.new_state?.value).toEqual({
      name: "3",
      tasks: [{ run_job_task: { job_id: 3 } }],
    });
  });

  it("follows Go's strconv rules", () => {
    expect(convertTo("int64", "9223372036854775808")).toEqual({
      error:
        'cannot parse "9223372036854775808" as int64: strconv.ParseInt: parsing "9223372036854775808": value out of range',
    });
    expect(convertTo("bool", "T")).toEqual({ ok: true });
    expect(convertTo("bool", "yes")).toHaveProperty("error");
    expect(convertTo("string", 7)).toEqual({ ok: "7" });
  });
});
