import { describe, expect, it } from "vitest";
import { fromPlain, toPlain, type DMap } from "../../../shared/bundles/dyn.js";
import { applyBundlePermissions } from "../../../shared/bundles/bundle-permissions.js";
import { fixPermissions } from "../../../shared/bundles/permissions.js";

const me = { userName: "tester@databricks.com", id: "1" };
const fix = (type: string, permissions: unknown[], user = me): unknown =>
  (
    toPlain(fixPermissions(fromPlain({ resources: { [type]: { r: { permissions } } } }) as DMap, user)) as {
      resources: Record<string, { r: { permissions: unknown } }>;
    }
  ).resources[type]?.r.permissions;

describe("fixPermissions (the deploying user keeps managing what it deploys)", () => {
  it("adds IS_OWNER for the user on jobs, CAN_MANAGE where owners do not exist", () => {
    expect(fix("jobs", [{ level: "CAN_VIEW", group_name: "viewers" }])).toEqual([
      { level: "CAN_VIEW", group_name: "viewers" },
      { level: "IS_OWNER", user_name: me.userName },
    ]);
    expect(fix("experiments", [{ level: "CAN_READ", group_name: "g" }])).toEqual([
      { level: "CAN_READ", group_name: "g" },
      { level: "CAN_MANAGE", user_name: me.userName },
    ]);
  });

  it("upgrades the user's CAN_MANAGE, respects another owner, and names a service principal as such", () => {
    expect(fix("jobs", [{ level: "CAN_MANAGE", user_name: me.userName }])).toEqual([
      { level: "IS_OWNER", user_name: me.userName },
    ]);
    expect(fix("jobs", [{ level: "IS_OWNER", user_name: "boss@x.com" }])).toEqual([
      { level: "IS_OWNER", user_name: "boss@x.com" },
      { level: "CAN_MANAGE", user_name: me.userName },
    ]);
    const sp = { userName: "aaaaaaaa-bbbb-4ccc-dddd-eeeeeeeeeeee", id: "2", isServicePrincipal: true };
    expect(fix("jobs", [], sp)).toEqual([{ level: "IS_OWNER", service_principal_name: sp.userName }]);
  });

  it("keeps one entry per principal at its highest level, in order of first appearance", () => {
    expect(
      fix("models", [
        { level: "CAN_READ", group_name: "g" },
        { level: "CAN_MANAGE", user_name: me.userName },
        { level: "CAN_EDIT", group_name: "g" },
      ]),
    ).toEqual([
      { level: "CAN_EDIT", group_name: "g" },
      { level: "CAN_MANAGE", user_name: me.userName },
    ]);
  });
});

describe("applyBundlePermissions (top-level permissions reach every resource)", () => {
  const apply = (config: unknown) => {
    const r = applyBundlePermissions(fromPlain(config) as DMap);
    return {
      config: toPlain(r.config) as { resources: Record<string, Record<string, { permissions?: unknown }>> },
      diagnostics: r.diagnostics,
    };
  };

  it("translates levels per resource type and appends them", () => {
    const r = apply({
      permissions: [
        { level: "CAN_RUN", group_name: "ops" },
        { level: "CAN_VIEW", user_name: "v@x.com" },
      ],
      resources: {
        jobs: { j: { name: "j" } },
        experiments: { e: { name: "/e", permissions: [{ level: "CAN_EDIT", group_name: "ds" }] } },
      },
    });
    expect(r.config.resources["jobs"]?.["j"]?.permissions).toEqual([
      { level: "CAN_MANAGE_RUN", group_name: "ops" },
      { level: "CAN_VIEW", user_name: "v@x.com" },
    ]);
    // Experiments have no run level: only CAN_VIEW applies, as CAN_READ.
    expect(r.config.resources["experiments"]?.["e"]?.permissions).toEqual([
      { level: "CAN_EDIT", group_name: "ds" },
      { level: "CAN_READ", user_name: "v@x.com" },
    ]);
  });

  it("keeps a resource's own entry for a principal, with the CLI's warning; refuses unknown levels", () => {
    const r = apply({
      permissions: [{ level: "CAN_MANAGE", group_name: "ds" }],
      resources: { jobs: { j: { permissions: [{ level: "CAN_VIEW", group_name: "ds" }] } } },
    });
    expect(r.config.resources["jobs"]?.["j"]?.permissions).toEqual([{ level: "CAN_VIEW", group_name: "ds" }]);
    expect(r.diagnostics.map((d) => d.summary)).toEqual([
      "'jobs' already has permissions set for 'ds' group",
    ]);
    const bad = apply({ permissions: [{ level: "IS_OWNER", user_name: "a@x.com" }], resources: {} });
    expect(bad.diagnostics.map((d) => [d.severity, d.summary])).toEqual([
      ["error", "invalid permission level: IS_OWNER, allowed values: [CAN_MANAGE, CAN_VIEW, CAN_RUN]"],
    ]);
  });
});
