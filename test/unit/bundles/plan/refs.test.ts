import { describe, expect, it } from "vitest";
import type { Plain } from "../../../../shared/bundles/dyn.js";
import { planBundle, renderPlanText, type DeployedState } from "../../../../shared/bundles/plan/index.js";
import { topoOrder } from "../../../../shared/bundles/plan/order.js";
import { dependsOn } from "../../../../shared/bundles/plan/refs.js";

const config = (jobs: Record<string, Plain>): Plain => ({ resources: { jobs } });
const deployed = (entries: DeployedState["state"]): DeployedState => ({ state_version: 2, cli_version: "1", lineage: "L", serial: 1, state: entries });

describe("planBundle references", () => {
  it("keeps a reference to a resource being created unknown: raw text in value, listed in vars, with depends_on", () => {
    const r = planBundle({ desired: config({ a: { name: "aa" }, b: { name: "bb", description: "x ${resources.jobs.a.id}" } }) });
    if (r.kind !== "ok") throw new Error(r.message);
    const b = r.plan.plan["resources.jobs.b"];
    expect(b?.depends_on).toEqual([{ node: "resources.jobs.a", label: "${resources.jobs.a.id}" }]);
    expect(b?.new_state?.vars).toEqual({ description: "x ${resources.jobs.a.id}" });
    expect(r.plan.plan["resources.jobs.a"]?.depends_on).toBeUndefined();
  });

  it("resolves a reference to a deployed resource to its id, so an unchanged dependent is skipped", () => {
    const desired = config({ a: { name: "aa" }, b: { name: "bb", description: "x ${resources.jobs.a.id}" } });
    const state = deployed({ "resources.jobs.a": { __id__: "11", state: { name: "aa" } }, "resources.jobs.b": { __id__: "12", state: { name: "bb", description: "x 11" } } });
    const r = planBundle({ desired, deployed: state });
    if (r.kind !== "ok") throw new Error(r.message);
    expect(r.plan.plan["resources.jobs.b"]?.action).toBe("skip");
    expect(r.plan.plan["resources.jobs.b"]?.new_state?.vars).toBeUndefined();
  });

  it("updates a dependent whose referenced resource is recreated: its id becomes unknown", () => {
    const desired: Plain = { resources: { experiments: { e: { name: "/e", artifact_location: "s3://new" } }, jobs: { j: { name: "j", description: "${resources.experiments.e.id}" } } } };
    const state = deployed({ "resources.experiments.e": { __id__: "5", state: { name: "/e", artifact_location: "s3://old" } }, "resources.jobs.j": { __id__: "6", state: { name: "j", description: "5" } } });
    const r = planBundle({ desired, deployed: state });
    if (r.kind !== "ok") throw new Error(r.message);
    expect(r.plan.plan["resources.jobs.j"]?.action).toBe("update");
  });

  it("keeps the type of a whole-field reference (an id into an int field)", () => {
    const desired = config({ a: { name: "aa" }, b: { name: "bb", name_ref: "${resources.jobs.a.name}" } });
    const r = planBundle({ desired });
    if (r.kind !== "ok") throw new Error(r.message);
    expect(r.plan.plan["resources.jobs.b"]?.new_state?.value).toEqual({ name: "bb", name_ref: "aa" });
  });

  it("reports a dependency cycle worded like the CLI", () => {
    const r = planBundle({ desired: config({ foo: { name: "${resources.jobs.bar.id}" }, bar: { name: "${resources.jobs.foo.id}" } }) });
    expect(r).toEqual({
      kind: "error",
      message: "cycle detected: resources.jobs.foo refers to resources.jobs.bar via ${resources.jobs.bar.id} which refers to resources.jobs.foo via ${resources.jobs.foo.id}",
    });
  });

  it("reports a self reference", () => {
    const r = planBundle({ desired: config({ a: { name: "${resources.jobs.a.id}" } }) });
    expect(r).toEqual({ kind: "error", message: "cycle detected: resources.jobs.a refers to itself via ${resources.jobs.a.id}" });
  });
});

describe("ordering and text", () => {
  it("orders dependencies before dependents, ties by name", () => {
    const graph = new Map([
      ["resources.jobs.c", dependsOn({ d: "${resources.jobs.b.id}" })],
      ["resources.jobs.b", dependsOn({ d: "${resources.jobs.z.id}" })],
      ["resources.jobs.z", []],
      ["resources.jobs.a", []],
    ]);
    expect(topoOrder(graph)).toEqual(["resources.jobs.a", "resources.jobs.z", "resources.jobs.b", "resources.jobs.c"]);
  });

  it("prints one line per change sorted by key and counts a recreate as an add and a delete", () => {
    const desired: Plain = { resources: { jobs: { b: { name: "b" }, k: { name: "k" } }, experiments: { e: { name: "/e", artifact_location: "s3://n" } } } };
    const state = deployed({
      "resources.experiments.e": { __id__: "1", state: { name: "/e", artifact_location: "s3://o" } },
      "resources.jobs.k": { __id__: "2", state: { name: "k" } },
      "resources.jobs.gone": { __id__: "3", state: { name: "g" } },
    });
    const r = planBundle({ desired, deployed: state });
    if (r.kind !== "ok") throw new Error(r.message);
    expect(renderPlanText(r.plan)).toBe("recreate experiments.e\ncreate jobs.b\ndelete jobs.gone\n\nPlan: 2 to add, 0 to change, 2 to delete, 1 unchanged\n");
  });

  it("prints only the summary when nothing changes", () => {
    const r = planBundle({ desired: config({}) });
    if (r.kind !== "ok") throw new Error(r.message);
    expect(renderPlanText(r.plan)).toBe("Plan: 0 to add, 0 to change, 0 to delete, 0 unchanged\n");
  });
});
