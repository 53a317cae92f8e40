import { describe, expect, it } from "vitest";
import type { DatabricksAuth } from "../../../shared/databricks/auth.js";
import { pat, setup } from "./setup.js";

// The transport builds headers by assignment rather than spreading (issue #3, overhead per call); these
// pin what goes on the wire for each kind of body, so that change cannot drop or reorder a header's role.
describe("request headers", () => {
  it("a GET carries the auth header, accept and the user agent, and no content type", async () => {
    const { client, fake, run } = setup([{ body: { job_id: 1 } }]);
    await run(client.jobs.get("1"));
    expect(fake.requests[0]?.headers).toEqual({
      authorization: `Bearer ${pat}`,
      accept: "application/json",
      "user-agent": "databricks-ml-orchestrator/0.1.0",
    });
  });

  it("a JSON body adds application/json; raw bytes add application/octet-stream", async () => {
    const { client, fake, run } = setup([{ body: { job_id: 7 } }, { body: {} }]);
    await run(client.jobs.create({ name: "n" }));
    await run(client.workspaceFiles.importFile("/a/b.py", new TextEncoder().encode("x"), true));
    expect(fake.requests[0]?.headers["content-type"]).toBe("application/json");
    expect(fake.requests[1]?.headers["content-type"]).toBe("application/octet-stream");
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${pat}`, `Bearer ${pat}`]);
  });

  it("every auth header is sent, and a custom user agent replaces the default", async () => {
    const auth: DatabricksAuth = {
      headers: () =>
        Promise.resolve({
          authorization: "Bearer sp-token",
          "x-databricks-azure-sp-management-token": "mgmt-token",
          "x-databricks-azure-workspace-resource-id": "/subscriptions/s/ws",
        }),
    };
    const { client, fake, run } = setup([{ body: { id: "1", userName: "u" } }], {
      auth,
      userAgent: "custom/2",
    });
    await run(client.scim.me());
    expect(fake.requests[0]?.headers).toEqual({
      authorization: "Bearer sp-token",
      "x-databricks-azure-sp-management-token": "mgmt-token",
      "x-databricks-azure-workspace-resource-id": "/subscriptions/s/ws",
      accept: "application/json",
      "user-agent": "custom/2",
    });
  });
});
