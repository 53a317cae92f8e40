import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureApp, poll, spawnHost, type HostProcess } from "./host-process.js";

/**
 * The real DurableClient (df.getClient inside the fixture app's functions) and the check-status URLs it
 * hands out, against the local host running in a child process.
 */
let host: HostProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "durable-client-"));
  host = await spawnHost(fixtureApp, join(dataDir, "host"), {
    FIXTURE_JOURNAL_DIR: join(dataDir, "journal"),
  });
});

afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (path: string, body?: unknown) =>
  fetch(`${host.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const manage = async (op: string, id: string, body: unknown = {}) => {
  const res = await post(`/api/manage/${op}/${id}`, body);
  return {
    status: res.status,
    body: res.status === 202 ? undefined : ((await res.json()) as Record<string, unknown>),
  };
};
const startNew = async (name: string, id: string, input?: unknown) => {
  const res = await post(`/api/orchestrators/${name}/${id}`, input);
  expect(res.status).toBe(202);
  return (await res.json()) as Record<string, string>;
};
const statusOf = async (id: string) => (await manage("status", id)).body ?? {};
const untilDone = (id: string) =>
  poll(async () => {
    const s = await statusOf(id);
    return ["Completed", "Failed", "Terminated"].includes(s.runtimeStatus as string) ? s : undefined;
  }, `${id} to finish`);

describe("the real DurableClient against the local host", () => {
  it("starts an orchestration and follows its check-status URLs", async () => {
    const urls = await startNew("Chain", "client-chain", 5);
    expect(urls.statusQueryGetUri).toContain(
      `${host.url}/runtime/webhooks/durabletask/instances/client-chain?`,
    );
    const done = await untilDone("client-chain");
    expect(done.output).toEqual(["step-0", "step-1", "step-2", "step-3", "step-4"]);
    const direct = await fetch(urls.statusQueryGetUri ?? "");
    expect(direct.status).toBe(200);
    expect(((await direct.json()) as { runtimeStatus: string }).runtimeStatus).toBe("Completed");
  });

  it("raises an event through the client and waits for completion", async () => {
    await startNew("Approval", "client-approval", { timeoutSeconds: 3600 });
    await poll(
      async () => ((await statusOf("client-approval")).customStatus ? true : undefined),
      "custom status",
    );
    expect((await manage("raise", "client-approval", { name: "approval", data: "carol" })).status).toBe(202);
    const res = await post("/api/manage/wait/client-approval", { timeoutMs: 10_000 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ outcome: "approved", by: "carol" });
  });

  it("suspends, resumes, terminates and purges", async () => {
    await startNew("Collector", "client-collector", { count: 2 });
    await poll(
      async () => ((await statusOf("client-collector")).runtimeStatus === "Running" ? true : undefined),
      "running",
    );
    await manage("suspend", "client-collector");
    await poll(
      async () => ((await statusOf("client-collector")).runtimeStatus === "Suspended" ? true : undefined),
      "suspended",
    );
    await manage("raise", "client-collector", { name: "item", data: 1 });
    await manage("resume", "client-collector");
    await manage("raise", "client-collector", { name: "item", data: 2 });
    expect((await untilDone("client-collector")).output).toEqual([1, 2]);

    await startNew("Collector", "client-terminated", { count: 5 });
    await manage("terminate", "client-terminated", { reason: "no longer needed" });
    const t = await untilDone("client-terminated");
    expect(t).toMatchObject({ runtimeStatus: "Terminated", output: "no longer needed" });
    expect((await manage("purge", "client-terminated")).body).toEqual({ instancesDeleted: 1 });
    const gone = await fetch(`${host.url}/durabletask/instances/client-terminated`);
    expect(gone.status).toBe(404);
  });

  it("lists instances by status, following continuation tokens", async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `list-${i}`);
    for (const id of ids) await startNew("Collector", id, { count: 1 });
    const listed = await poll(async () => {
      const res = await manage("list", "all", { runtimeStatus: ["Running"] });
      const rows = res.body as unknown as { instanceId: string }[];
      const found = rows.filter((r) => r.instanceId.startsWith("list-"));
      return found.length === ids.length ? found : undefined;
    }, "120 running instances");
    expect(new Set(listed.map((r) => r.instanceId))).toEqual(new Set(ids));
  });

  it("answers bad requests with the extension's status codes", async () => {
    expect((await fetch(`${host.url}/durabletask/instances/nope`)).status).toBe(404);
    expect((await post("/durabletask/orchestrators/NoSuchFunction")).status).toBe(400);
    const badJson = await fetch(`${host.url}/durabletask/orchestrators/Chain`, {
      method: "POST",
      body: "{not json",
    });
    expect(badJson.status).toBe(400);
    expect((await fetch(`${host.url}/durabletask/orchestrators/Chain`)).status).toBe(405);
    expect((await post("/durabletask/orchestrators/Chain/bad%23id")).status).toBe(400);
    await startNew("Collector", "dup", { count: 1 });
    expect((await post("/durabletask/orchestrators/Collector/dup", { count: 1 })).status).toBe(409);
    expect((await post("/durabletask/instances/nope/raiseEvent/x", 1)).status).toBe(404);
    const noKey = await fetch(`${host.url}/runtime/webhooks/durabletask/instances/dup`);
    expect(noKey.status).toBe(401);
    const purgeRunning = await fetch(`${host.url}/durabletask/instances/dup`, { method: "DELETE" });
    expect(purgeRunning.status).toBe(412);
  });
});
