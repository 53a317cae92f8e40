import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import type { DatabricksClient } from "../../../shared/databricks/index.js";
import { clientFor, emulator } from "./helpers.js";

const user = "owner@example.com";

describe("emulator: object permissions API (/api/2.0/permissions)", () => {
  let emu: RunningEmulator;
  let client: DatabricksClient;
  let jobId: string;
  beforeAll(async () => {
    emu = await emulator({ user });
    client = clientFor(emu, { maxAttempts: 1 });
    jobId = (await client.jobs.create({ name: "acl" })).job_id;
  });
  afterAll(() => emu.stop());
  const call = <T>(method: "GET" | "PUT" | "PATCH", path: string, body?: unknown) =>
    client.rest.call<T>({
      method,
      path: `/api/2.0/permissions${path}`,
      ...(body === undefined ? {} : { body }),
    });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => "no error",
      // The client prefixes the server's message with the call ("PUT /api/... failed: CODE: message").
      (e: { status?: number; errorCode?: string; message?: string }) =>
        `${e.status} ${e.errorCode}: ${(e.message ?? "").replace(/^.* failed: [A-Z_]+: /, "")}`,
    );

  it("a new job is owned by its creator; admins inherit CAN_MANAGE", async () => {
    expect(await call("GET", `/jobs/${jobId}`)).toEqual({
      object_id: `/jobs/${jobId}`,
      object_type: "job",
      access_control_list: [
        {
          user_name: user,
          display_name: user,
          all_permissions: [{ permission_level: "IS_OWNER", inherited: false }],
        },
        {
          group_name: "admins",
          all_permissions: [
            { permission_level: "CAN_MANAGE", inherited: true, inherited_from_object: ["/jobs/"] },
          ],
        },
      ],
    });
  });

  it("PUT replaces the direct entries; PATCH adds or changes one principal", async () => {
    await call("PUT", `/jobs/${jobId}`, {
      access_control_list: [
        { group_name: "viewers", permission_level: "CAN_VIEW" },
        { user_name: user, permission_level: "IS_OWNER" },
      ],
    });
    await call("PATCH", `/jobs/${jobId}`, {
      access_control_list: [
        { group_name: "viewers", permission_level: "CAN_MANAGE_RUN" },
        { service_principal_name: "sp-1", permission_level: "CAN_MANAGE" },
      ],
    });
    const acl = await call<{ access_control_list: { all_permissions: { permission_level: string }[] }[] }>(
      "GET",
      `/jobs/${jobId}`,
    );
    expect(
      acl.access_control_list.map((e) => ({ ...e, all_permissions: e.all_permissions[0]?.permission_level })),
    ).toEqual(
      [
        { group_name: "viewers", all_permissions: "CAN_MANAGE_RUN" },
        { user_name: user, display_name: user, all_permissions: "IS_OWNER" },
        { service_principal_name: "sp-1", display_name: "sp-1", all_permissions: "CAN_MANAGE" },
        { group_name: "admins", all_permissions: "CAN_MANAGE", inherited_from_object: undefined },
      ].map(({ inherited_from_object: _i, ...e }) => e),
    );
  });

  it("answers Databricks-shaped errors: no owner, a level the type lacks, an unknown job or type", async () => {
    expect(
      await failure(
        call("PUT", `/jobs/${jobId}`, {
          access_control_list: [{ group_name: "g", permission_level: "CAN_VIEW" }],
        }),
      ),
    ).toBe("400 INVALID_PARAMETER_VALUE: The job must have exactly one owner.");
    expect(
      await failure(
        call("PUT", `/jobs/${jobId}`, {
          access_control_list: [{ group_name: "g", permission_level: "CAN_READ" }],
        }),
      ),
    ).toMatch(/^400 INVALID_PARAMETER_VALUE: Permission level CAN_READ is not supported for jobs/);
    expect(await failure(call("GET", "/jobs/123"))).toBe(
      "404 RESOURCE_DOES_NOT_EXIST: Job 123 does not exist.",
    );
    expect(await failure(call("GET", "/widgets/1"))).toMatch(
      /^400 INVALID_PARAMETER_VALUE: request_object_type is not recognized/,
    );
  });

  it("experiments and registered models keep whatever ACL was PUT (no owner rule)", async () => {
    await call("PUT", "/registered-models/abc", {
      access_control_list: [{ user_name: "r@example.com", permission_level: "CAN_READ" }],
    });
    expect(await call("GET", "/registered-models/abc")).toEqual({
      object_id: "/registered-models/abc",
      object_type: "registered-model",
      access_control_list: [
        {
          user_name: "r@example.com",
          display_name: "r@example.com",
          all_permissions: [{ permission_level: "CAN_READ", inherited: false }],
        },
      ],
    });
    expect(await call("GET", "/experiments/9")).toEqual({
      object_id: "/experiments/9",
      object_type: "mlflowExperiment",
      access_control_list: [],
    });
  });
});
