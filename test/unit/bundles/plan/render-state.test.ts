import { describe, expect, it } from "vitest";
import { planBundle, readState, renderPlanJson } from "../../../../shared/bundles/plan/index.js";

describe("renderPlanJson", () => {
  it("writes fields in the CLI's order, sorted config keys, big ints verbatim and Go HTML escaping", () => {
    const r = planBundle({ desired: { resources: { jobs: { b: { name: "a<b", tasks: [{ task_key: "t", run_job_task: { job_id: 9223372036854775807n } }], description: "${resources.jobs.a.id}" }, a: { name: "a" } } } }, cliVersion: "1.2.3" });
    if (r.kind !== "ok") throw new Error(r.message);
    const text = renderPlanJson(r.plan);
    expect(text.indexOf('"plan_version": 2')).toBeLessThan(text.indexOf('"cli_version": "1.2.3"'));
    expect(text).toContain('"job_id": 9223372036854775807');
    expect(text).toContain('"name": "a\\u003cb"');
    const b = text.slice(text.indexOf('"resources.jobs.b"'));
    expect(b.indexOf('"depends_on"')).toBeLessThan(b.indexOf('"action"'));
    expect(b.indexOf('"description"')).toBeLessThan(b.indexOf('"name"'));
    expect(text.indexOf('"resources.jobs.a"')).toBeLessThan(text.indexOf('"resources.jobs.b"'));
  });
});

describe("readState", () => {
  it("reads the CLI's resources.json", () => {
    const r = readState(JSON.stringify({ state_version: 2, cli_version: "1", lineage: "L", serial: 4, state: { "resources.jobs.a": { __id__: "1", state: {} } } }), "p");
    expect(r.kind === "ok" && r.state.state["resources.jobs.a"]?.__id__).toBe("1");
  });

  it("refuses a version-3 state recording features, naming them sorted", () => {
    const r = readState(JSON.stringify({ state_version: 3, features: { z: {}, a: {} }, state: {} }), "/x/resources.json");
    expect(r.kind === "error" && r.message).toMatch(/^migrating state \/x\/resources\.json: the deployment state requires features this CLI does not support: a, z;/);
  });

  it("accepts a version-3 state with no features and rejects a newer version", () => {
    expect(readState(JSON.stringify({ state_version: 3, features: {}, state: {} }), "p").kind).toBe("ok");
    expect(readState(JSON.stringify({ state_version: 4, state: {} }), "p").kind).toBe("error");
    expect(readState("{", "p").kind).toBe("error");
  });
});

describe("state migration v1 -> v2", () => {
  it("moves permissions under __embed__ with `level`, and grants under __embed__, as the CLI does on read", () => {
    const v1 = {
      state_version: 1, cli_version: "0", lineage: "L", serial: 3,
      state: {
        "resources.jobs.a": { __id__: "1", state: { name: "a", permissions: "kept: not a permissions node" } },
        "resources.jobs.a.permissions": { __id__: "/jobs/1", state: { object_id: "/jobs/1", permissions: [{ permission_level: "CAN_VIEW", group_name: "g" }, { permission_level: "IS_OWNER", user_name: "u" }] } },
        "resources.schemas.s.grants": { __id__: "s", state: { securable_type: "schema", full_name: "c.s", grants: [{ principal: "p", privileges: ["USE_SCHEMA"] }] } },
      },
    };
    const r = readState(JSON.stringify(v1), "p");
    if (r.kind !== "ok") throw new Error(r.message);
    expect(r.state.state_version).toBe(2);
    expect(r.state.serial).toBe(3);
    expect(r.state.state["resources.jobs.a"]?.state).toEqual(v1.state["resources.jobs.a"].state);
    expect(r.state.state["resources.jobs.a.permissions"]?.state).toEqual({ object_id: "/jobs/1", __embed__: [{ level: "CAN_VIEW", group_name: "g" }, { level: "IS_OWNER", user_name: "u" }] });
    expect(r.state.state["resources.schemas.s.grants"]?.state).toEqual({ securable_type: "schema", full_name: "c.s", __embed__: [{ principal: "p", privileges: ["USE_SCHEMA"] }] });
  });

  it("leaves a current state untouched", () => {
    const v2 = { state_version: 2, state: { "resources.jobs.a.permissions": { __id__: "/jobs/1", state: { object_id: "/jobs/1", permissions: [] } } } };
    const r = readState(JSON.stringify(v2), "p");
    expect(r.kind === "ok" ? r.state.state["resources.jobs.a.permissions"]?.state : undefined).toEqual({ object_id: "/jobs/1", permissions: [] });
  });
});
