import { describe, expect, it } from "vitest";
import type { ApiRequest, Transport } from "../../../../shared/databricks/http.js";
import { applyPermissions, permissionsApi } from "../../../../shared/bundles/deploy/permissions.js";
import type { ResourceHandler } from "../../../../shared/bundles/deploy/resources.js";

/** A transport that records requests and answers from a table keyed by "METHOD path". */
function fakeRest(answers: Record<string, unknown> = {}): Transport & { sent: ApiRequest[] } {
  const sent: ApiRequest[] = [];
  return {
    sent,
    call<T>(req: ApiRequest): Promise<T> {
      sent.push(req);
      return Promise.resolve((answers[`${req.method} ${req.path}`] ?? {}) as T);
    },
  };
}

const noop = () => Promise.reject(new Error("not used"));
const handler = (read?: ResourceHandler["read"]): ResourceHandler => ({
  create: noop,
  update: noop,
  delete: noop,
  exists: noop,
  ...(read === undefined ? {} : { read }),
});

describe("permissions sub-resources (bundle/direct/dresources/permissions.go)", () => {
  it("PUTs the whole list with the CLI's body shape, keys in alphabetical order", async () => {
    const rest = fakeRest();
    await permissionsApi(rest).set({
      object_id: "/jobs/42",
      __embed__: [
        { level: "CAN_VIEW", group_name: "viewers" },
        { level: "IS_OWNER", user_name: "me@example.com" },
        { level: "CAN_MANAGE", service_principal_name: "sp-1" },
      ],
    });
    expect(rest.sent).toHaveLength(1);
    expect(rest.sent[0]).toMatchObject({
      method: "PUT",
      path: "/api/2.0/permissions/jobs/42",
      idempotent: true,
    });
    const body = rest.sent[0]?.body as { access_control_list: Record<string, string>[] };
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        access_control_list: [
          { group_name: "viewers", permission_level: "CAN_VIEW" },
          { permission_level: "IS_OWNER", user_name: "me@example.com" },
          { permission_level: "CAN_MANAGE", service_principal_name: "sp-1" },
        ],
      }),
    );
  });

  it("reads direct entries as state and skips inherited ones", async () => {
    const rest = fakeRest({
      "GET /api/2.0/permissions/jobs/42": {
        access_control_list: [
          {
            user_name: "me@example.com",
            all_permissions: [{ permission_level: "IS_OWNER", inherited: false }],
          },
          { group_name: "admins", all_permissions: [{ permission_level: "CAN_MANAGE", inherited: true }] },
        ],
      },
      "GET /api/2.0/permissions/experiments/7": { access_control_list: [] },
    });
    const api = permissionsApi(rest);
    expect(await api.read("/jobs/42")).toEqual({
      object_id: "/jobs/42",
      __embed__: [{ level: "IS_OWNER", user_name: "me@example.com" }],
    });
    expect(await api.read("/experiments/7")).toEqual({ object_id: "/experiments/7" });
  });

  it("resolves the parent's id (or the model's numeric id) into object_id and records the state", async () => {
    const rest = fakeRest();
    const api = permissionsApi(rest);
    const state = {
      "resources.jobs.a": { __id__: "42", state: {} },
      "resources.models.m": { __id__: "my-model", state: {} },
    };
    const reads: string[] = [];
    const handlers = {
      jobs: handler(),
      models: handler((id) => (reads.push(id), Promise.resolve({ model_id: "abc123" }))),
    };
    const dep = [{ node: "resources.jobs.a", label: "${resources.jobs.a.id}" }];
    const job = await applyPermissions(
      {
        action: "create",
        depends_on: dep,
        new_state: {
          value: { object_id: "", __embed__: [{ level: "IS_OWNER", user_name: "me" }] },
          vars: { object_id: "/jobs/${resources.jobs.a.id}" },
        },
      },
      state,
      handlers,
      api,
    );
    expect(job).toEqual({
      __id__: "/jobs/42",
      state: { object_id: "/jobs/42", __embed__: [{ level: "IS_OWNER", user_name: "me" }] },
      depends_on: dep,
    });
    const model = await applyPermissions(
      {
        action: "update",
        new_state: {
          value: { object_id: "" },
          vars: { object_id: "/registered-models/${resources.models.m.model_id}" },
        },
      },
      state,
      handlers,
      api,
    );
    expect(model.__id__).toBe("/registered-models/abc123");
    expect(reads).toEqual(["my-model"]);
    expect(rest.sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      "PUT /api/2.0/permissions/jobs/42",
      "PUT /api/2.0/permissions/registered-models/abc123",
    ]);
  });

  it("refuses to PUT when the parent is not deployed", async () => {
    const rest = fakeRest();
    await expect(
      applyPermissions(
        {
          action: "create",
          new_state: { value: { object_id: "" }, vars: { object_id: "/jobs/${resources.jobs.x.id}" } },
        },
        {},
        {},
        permissionsApi(rest),
      ),
    ).rejects.toThrow("resources.jobs.x is not deployed");
    expect(rest.sent).toEqual([]);
  });
});
