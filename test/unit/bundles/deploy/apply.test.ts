import { describe, expect, it } from "vitest";
import type { Plain } from "../../../../shared/bundles/dyn.js";
import { applyPlan } from "../../../../shared/bundles/deploy/apply.js";
import type { ResourceHandler } from "../../../../shared/bundles/deploy/resources.js";
import { jobWire } from "../../../../shared/bundles/deploy/wire.js";
import type { Plan } from "../../../../shared/bundles/plan/types.js";

function fakeHandler(reads: string[], created: Record<string, Plain>[]): ResourceHandler {
  return {
    create: (v) => (created.push(v), Promise.resolve(`id-${created.length}`)),
    update: (id) => Promise.resolve(id),
    delete: () => Promise.resolve(),
    exists: () => Promise.resolve(true),
    read: (id) => (reads.push(id), Promise.resolve({ model_id: "m-42", registered_model_id: "m-42" })),
  };
}

const plan = (description: string): Plan => ({
  plan_version: 2,
  cli_version: "test",
  plan: {
    "resources.jobs.consumer": {
      action: "create",
      depends_on: [{ node: "resources.models.m", label: "${resources.models.m.registered_model_id}" }],
      new_state: { value: { name: "consumer", description }, vars: { description } },
    },
  },
});

describe("applyPlan: references to fields the state does not hold", () => {
  it("reads a deployed model's numeric id from the workspace, once, and sends it resolved", async () => {
    const reads: string[] = [];
    const created: Record<string, Plain>[] = [];
    const h = fakeHandler(reads, created);
    const prior = { "resources.models.m": { __id__: "my-model", state: { name: "my-model" } } };
    const text = "id ${resources.models.m.registered_model_id} and ${resources.models.m.model_id}";
    const r = await applyPlan(plan(text), ["resources.models.m", "resources.jobs.consumer"], prior, {
      jobs: h,
      models: h,
    });
    expect(r.error).toBeUndefined();
    expect(created).toEqual([{ name: "consumer", description: "id m-42 and m-42" }]);
    expect(reads).toEqual(["my-model"]);
  });

  it("fails the change instead of sending a reference it cannot resolve", async () => {
    const created: Record<string, Plain>[] = [];
    const h = fakeHandler([], created);
    const r = await applyPlan(
      plan("${resources.models.gone.model_id}"),
      ["resources.jobs.consumer"],
      {},
      { jobs: h },
    );
    expect(r.error?.message).toBe(
      "cannot create resources.jobs.consumer: cannot resolve ${resources.models.gone.model_id}",
    );
    expect(created).toEqual([]);
  });
});

describe("jobWire", () => {
  it("hands run_job_task.job_id to the jobs client as decimal digits, beyond 2^53 too", () => {
    const wire = jobWire({
      tasks: [
        { task_key: "a", run_job_task: { job_id: 9223372036854775807n } },
        { task_key: "b", run_job_task: { job_id: -9223372036854775808n } },
        { task_key: "c", run_job_task: { job_id: 12 } },
      ],
    });
    expect(wire.tasks?.map((t) => t.run_job_task?.job_id)).toEqual([
      "9223372036854775807",
      "-9223372036854775808",
      "12",
    ]);
  });
});
