import { describe, expect, it } from "vitest";
import type { Plain } from "../../../../shared/bundles/dyn.js";
import { planBundle, type DeployedState, type Plan } from "../../../../shared/bundles/plan/index.js";

const job = (name: string, extra: Record<string, Plain> = {}): Record<string, Plain> => ({ name, max_concurrent_runs: 1, ...extra });
const config = (resources: Record<string, Record<string, Plain>>): Plain => ({ bundle: { name: "b" }, resources });
const state = (entries: DeployedState["state"]): DeployedState => ({ state_version: 2, cli_version: "1.0.0", lineage: "L", serial: 3, state: entries });

function plan(desired: Plain, deployed?: DeployedState): Plan {
  const r = planBundle({ desired, cliVersion: "9.9.9", ...(deployed === undefined ? {} : { deployed }) });
  if (r.kind !== "ok") throw new Error(r.message);
  return r.plan;
}

describe("planBundle actions", () => {
  it("creates everything when nothing is deployed, without lineage or serial", () => {
    const p = plan(config({ jobs: { a: job("aa") } }));
    expect(p.plan["resources.jobs.a"]?.action).toBe("create");
    expect(p.plan["resources.jobs.a"]?.new_state?.value).toEqual({ max_concurrent_runs: 1, name: "aa" });
    expect(p).not.toHaveProperty("lineage");
    expect(p.cli_version).toBe("9.9.9");
  });

  it("skips a resource whose deployed config equals the desired one, and carries lineage and serial", () => {
    const p = plan(config({ jobs: { a: job("aa") } }), state({ "resources.jobs.a": { __id__: "1", state: job("aa") } }));
    expect(p.plan["resources.jobs.a"]?.action).toBe("skip");
    expect(p.plan["resources.jobs.a"]?.changes).toBeUndefined();
    expect([p.lineage, p.serial]).toEqual(["L", 3]);
  });

  it("updates a changed job and lists the changed field with old and new", () => {
    const p = plan(config({ jobs: { a: job("aa", { trigger: { periodic: { unit: "HOURS" } } }) } }),
      state({ "resources.jobs.a": { __id__: "1", state: job("aa", { trigger: { periodic: { unit: "DAYS" } } }) } }));
    expect(p.plan["resources.jobs.a"]?.action).toBe("update");
    expect(p.plan["resources.jobs.a"]?.changes).toEqual({ "trigger.periodic.unit": { action: "update", old: "DAYS", new: "HOURS" } });
  });

  it("recreates an experiment whose artifact_location changed (immutable field)", () => {
    const p = plan(config({ experiments: { e: { name: "/e", artifact_location: "s3://new" } } }),
      state({ "resources.experiments.e": { __id__: "7", state: { name: "/e", artifact_location: "s3://old" } } }));
    expect(p.plan["resources.experiments.e"]?.action).toBe("recreate");
  });

  it("recreates a registered model moved to another schema but updates one whose comment changed", () => {
    const base = { name: "m", catalog_name: "c", schema_name: "s" };
    const deployed = state({ "resources.registered_models.m": { __id__: "c.s.m", state: base } });
    expect(plan(config({ registered_models: { m: { ...base, schema_name: "t" } } }), deployed).plan["resources.registered_models.m"]?.action).toBe("recreate");
    expect(plan(config({ registered_models: { m: { ...base, comment: "x" } } }), deployed).plan["resources.registered_models.m"]?.action).toBe("update");
  });

  it("ignores a local tag change on a workspace model (tags are not applied, as in the CLI)", () => {
    const p = plan(config({ models: { m: { name: "m", tags: [{ key: "a", value: "2" }] } } }),
      state({ "resources.models.m": { __id__: "m", state: { name: "m", tags: [{ key: "a", value: "1" }] } } }));
    expect(p.plan["resources.models.m"]?.action).toBe("skip");
    expect(p.plan["resources.models.m"]?.changes?.["tags[key='a'].value"]).toEqual({ action: "skip", reason: "terraform_compat", old: "1", new: "2" });
  });

  it("deletes a deployed resource that left the config, with its sub-resources", () => {
    const p = plan(config({}), state({ "resources.jobs.a": { __id__: "1", state: job("aa") }, "resources.jobs.a.permissions": { __id__: "/jobs/1", state: {} } }));
    expect(p.plan).toEqual({ "resources.jobs.a": { action: "delete" }, "resources.jobs.a.permissions": { action: "delete" } });
  });

  it("does not send read-only fields and sub-resources (id, url, permissions)", () => {
    const p = plan(config({ jobs: { a: job("aa", { id: "123", permissions: [{ level: "CAN_VIEW", group_name: "g" }] }) } }));
    expect(p.plan["resources.jobs.a"]?.new_state?.value).toEqual({ max_concurrent_runs: 1, name: "aa" });
  });

  it("treats tasks reordered by task_key as no change", () => {
    const t = (k: string): Plain => ({ task_key: k, notebook_task: { notebook_path: `/n/${k}` } });
    const p = plan(config({ jobs: { a: job("aa", { tasks: [t("y"), t("x")] }) } }),
      state({ "resources.jobs.a": { __id__: "1", state: job("aa", { tasks: [t("x"), t("y")] }) } }));
    expect(p.plan["resources.jobs.a"]?.action).toBe("skip");
  });
});
