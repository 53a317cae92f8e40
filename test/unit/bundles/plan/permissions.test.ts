import { describe, expect, it } from "vitest";
import type { Plain } from "../../../../shared/bundles/dyn.js";
import { planBundle, type DeployedState, type Plan } from "../../../../shared/bundles/plan/index.js";

const perms = [
  { level: "CAN_VIEW", group_name: "viewers" },
  { level: "IS_OWNER", user_name: "me@x.com" },
];
const desired = (permissions: Plain[] | undefined): Plain => ({
  resources: { jobs: { j: { name: "j", ...(permissions === undefined ? {} : { permissions }) } } },
});
const deployed = (entries: DeployedState["state"]): DeployedState => ({
  state_version: 2,
  cli_version: "1",
  lineage: "L",
  serial: 1,
  state: entries,
});
const saved = {
  "resources.jobs.j": { __id__: "11", state: { name: "j" } },
  "resources.jobs.j.permissions": { __id__: "/jobs/11", state: { object_id: "/jobs/11", __embed__: perms } },
};

function plan(input: Parameters<typeof planBundle>[0]): Plan {
  const r = planBundle(input);
  if (r.kind !== "ok") throw new Error(r.message);
  return r.plan;
}

describe("permissions in plans", () => {
  it('plans a sub-resource after its parent; object_id is unknown ("" plus a var) while the parent is created', () => {
    const p = plan({ desired: desired(perms), permissions: true });
    expect(p.plan["resources.jobs.j.permissions"]).toEqual({
      depends_on: [{ node: "resources.jobs.j", label: "${resources.jobs.j.id}" }],
      action: "create",
      new_state: {
        value: { object_id: "", __embed__: perms },
        vars: { object_id: "/jobs/${resources.jobs.j.id}" },
      },
    });
    expect(p.plan["resources.jobs.j"]?.new_state?.value).toEqual({ name: "j" });
    expect(plan({ desired: desired(perms) }).plan["resources.jobs.j.permissions"]).toBeUndefined();
  });

  it("skips unchanged permissions the workspace already holds, updates drifted ones with the remote value", () => {
    const same = plan({
      desired: desired(perms),
      permissions: true,
      deployed: deployed(saved),
      remote: (n, id) => (n.endsWith(".permissions") ? { object_id: id, __embed__: perms } : { name: "j" }),
    });
    expect(same.plan["resources.jobs.j.permissions"]?.action).toBe("skip");
    // As the CLI: a skipped entry carries no new_state.
    expect(same.plan["resources.jobs.j.permissions"]?.new_state).toBeUndefined();
    const drifted = plan({
      desired: desired(perms),
      permissions: true,
      deployed: deployed(saved),
      remote: (n, id) => (n.endsWith(".permissions") ? { object_id: id } : { name: "j" }),
    });
    const entry = drifted.plan["resources.jobs.j.permissions"];
    expect(entry?.action).toBe("update");
    expect(entry?.remote_state).toEqual({ object_id: "/jobs/11" });
    expect(entry?.changes?.[""]).toEqual({
      action: "update",
      old: saved["resources.jobs.j.permissions"].state,
      new: perms,
    });
  });

  it("creates a resource that is gone from the workspace, and deletes permissions removed from the config", () => {
    const gone = plan({
      desired: desired(perms),
      permissions: true,
      deployed: deployed(saved),
      remote: () => null,
    });
    expect(gone.plan["resources.jobs.j"]?.action).toBe("create");
    const removed = plan({ desired: desired(undefined), permissions: true, deployed: deployed(saved) });
    expect(removed.plan["resources.jobs.j.permissions"]).toEqual({ action: "delete" });
    expect(removed.plan["resources.jobs.j"]?.action).toBe("skip");
  });
});
