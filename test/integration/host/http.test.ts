import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHost, type RunningHost } from "../../../local/host/host.js";
import { FakeDurable } from "./fake-durable.js";
import { eventually, fixture, rawRequest, tempDataDir } from "./helpers.js";

const g = globalThis as unknown as { __fixtureEvents?: string[]; __fixtureReceived?: { fn: string; item?: unknown }[] };
let host: RunningHost;
let dataDir: string;
const durable = FakeDurable.factory();
const logs: string[] = [];

beforeAll(async () => {
  dataDir = tempDataDir();
  host = await startHost({ app: fixture("cjs-app"), port: 0, dataDir, createEngine: durable.create, log: (_l, m) => logs.push(m) });
});
afterAll(async () => {
  await host?.stop();
});

const api = (path: string, init?: RequestInit): Promise<Response> => fetch(`${host.url}/api/${path}`, init);
const json = async (res: Response): Promise<unknown> => res.json();

describe("registration capture (CommonJS app, brace-glob main)", () => {
  it("captures every kind of registration, found by trigger type", () => {
    const types = (t: string): string[] => host.runner.functionsOfType(t).sort();
    expect(types("httpTrigger")).toContain("hello");
    expect(types("httpTrigger")).toContain("startOrchestration");
    expect(types("eventGridTrigger")).toEqual(["onBlobEvent"]);
    expect(types("timerTrigger")).toEqual(["tick"]);
    expect(types("queueTrigger")).toEqual(["clientOnQueue", "genericQueueLike"]);
    expect(types("orchestrationTrigger")).toEqual(["helloSequence"]);
    expect(types("activityTrigger")).toEqual(["sayHello"]);
    expect(types("entityTrigger")).toEqual(["counter"]);
    expect(host.functionListing).toContain(`  ranged: [GET] ${host.url}/api/ranged/{n:range(1,9)}/{flag:bool}`);
    expect(host.functionListing).toContain("  helloSequence: orchestrationTrigger");
  });

  it("ran appStart, loaded local.settings.json and wired the engine", async () => {
    expect(g.__fixtureEvents).toContain("appStart");
    expect(await json(await api("hello?name=x"))).toEqual({ greeting: "Hello, x", setting: "from-local-settings" });
    expect(durable.fake.started).toBe(true);
    expect(durable.fake.options).toMatchObject({ taskHub: "FixtureHub", baseUrl: host.url, systemKey: host.keys.systemKeys.durabletask_extension, dataDir });
    expect(process.env.WEBSITE_HOSTNAME).toBe(`127.0.0.1:${host.port}`);
  });

  it("creates the keys file privately and never logs key values", () => {
    expect(statSync(join(dataDir, "keys.json")).mode & 0o777).toBe(0o600);
    const all = logs.join("\n");
    for (const key of [host.keys.masterKey, host.keys.functionKeys.default, host.keys.systemKeys.eventgrid_extension]) expect(all).not.toContain(key);
  });
});

describe("HTTP triggers", () => {
  it.each([
    ["users/42", { fn: "userById", params: { id: "42" } }],
    ["users/bob", { fn: "userByName", params: { name: "bob" } }],
    ["users/me", { fn: "userMe", params: {} }],
    ["items", { fn: "itemOptional", params: {} }],
    ["items/3f2504e0-4f89-11d3-9a0c-0305e82c3301", { fn: "itemOptional", params: { id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" } }],
    ["files/a/b/c.txt", { fn: "files", params: { path: "a/b/c.txt" } }],
    ["ranged/3/true", { fn: "ranged", params: { n: "3", flag: "true" } }],
  ])("routes GET /api/%s", async (path, expected) => {
    const res = await api(path);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(expected);
  });

  it.each(["items/not-a-guid", "ranged/10/true", "users/bob1", "nothing-here", "users/42/extra"])("404 for /api/%s", async (path) => {
    expect((await api(path)).status).toBe(404);
  });

  it("is 404 outside the route prefix", async () => {
    expect((await fetch(`${host.url}/hello`)).status).toBe(404);
  });

  it("enforces methods: 405 with Allow when only the method is wrong", async () => {
    const res = await api("hello", { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
    const things = await api("things/1");
    expect(things.status).toBe(405);
    expect(things.headers.get("allow")?.split(", ").sort()).toEqual(["DELETE", "PUT"]);
    expect(await json(await api("things/1", { method: "PUT" }))).toMatchObject({ fn: "putOnly" });
    expect(await json(await api("things/1", { method: "DELETE" }))).toMatchObject({ fn: "deleteOnly" });
    expect(await json(await api("things/1/patch", { method: "PATCH" }))).toMatchObject({ fn: "patchOnly" });
  });

  it("passes status, headers and cookies through; no response is 204", async () => {
    const res = await api("cookies");
    expect(res.status).toBe(201);
    expect(res.headers.get("x-fixture")).toBe("1");
    expect(res.headers.get("set-cookie")).toBe("a=b; Path=/; HttpOnly");
    expect((await api("noResponse")).status).toBe(204);
  });

  it("runs preInvocation hooks that replace the handler", async () => {
    expect(await (await api("hookRewritten")).text()).toBe("rewritten by preInvocation");
  });

  it("answers 500 with a generic body when a handler throws, and keeps serving", async () => {
    const res = await api("boom");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret-detail");
    expect(JSON.parse(text)).toEqual({ error: "Internal Server Error" });
    expect(g.__fixtureEvents).toContain("post:boom:boom:error");
    expect((await api("hello")).status).toBe(200);
  });

  it("passes the body and rejects oversized ones with 413", async () => {
    expect(await json(await api("bodySize", { method: "POST", body: "x".repeat(1000) }))).toEqual({ bytes: 1000 });
    const res = await rawRequest(`${host.url}/api/bodySize`, { method: "POST", headers: { "content-length": 200 * 1024 * 1024 } });
    expect(res.status).toBe(413);
    expect((await api("hello")).status).toBe(200);
  });
});

describe("auth levels", () => {
  const post = (query = "", headers: Record<string, string> = {}): Promise<Response> => api(`secured${query}`, { method: "POST", headers });

  it("function level: 401 without or with a wrong key", async () => {
    expect((await post()).status).toBe(401);
    expect((await post("?code=wrong")).status).toBe(401);
    expect((await post("", { "x-functions-key": "wrong" })).status).toBe(401);
  });

  it("accepts the function key as ?code= or x-functions-key, and the master key", async () => {
    expect((await post(`?code=${host.keys.functionKeys.default}`)).status).toBe(200);
    expect((await post("", { "x-functions-key": host.keys.functionKeys.default })).status).toBe(200);
    expect((await post(`?code=${host.keys.masterKey}`)).status).toBe(200);
  });

  it("admin level needs the master key", async () => {
    expect((await api(`adminOnly?code=${host.keys.functionKeys.default}`)).status).toBe(401);
    expect((await api("adminOnly", { headers: { "x-functions-key": host.keys.masterKey } })).status).toBe(200);
  });
});

describe("admin API", () => {
  const master = (): Record<string, string> => ({ "x-functions-key": host.keys.masterKey });

  it("ping is anonymous; status needs the master key", async () => {
    expect((await fetch(`${host.url}/admin/host/ping`)).status).toBe(200);
    expect((await fetch(`${host.url}/admin/host/status`)).status).toBe(401);
    const status = await fetch(`${host.url}/admin/host/status`, { headers: master() });
    expect(await json(status)).toMatchObject({ state: "Running" });
  });

  it("POST /admin/functions/<name> runs a non-HTTP function and answers 202", async () => {
    const url = `${host.url}/admin/functions/genericQueueLike`;
    const body = JSON.stringify({ input: JSON.stringify({ n: 1 }) });
    expect((await fetch(url, { method: "POST", body })).status).toBe(401);
    expect((await fetch(url, { method: "POST", body, headers: master() })).status).toBe(202);
    const item = await eventually(() => g.__fixtureReceived?.find((r) => r.fn === "genericQueueLike")?.item);
    expect(item).toEqual({ n: 1 });
    expect((await fetch(`${host.url}/admin/functions/nope`, { method: "POST", body, headers: master() })).status).toBe(404);
    expect((await fetch(`${host.url}/admin/functions/hello`, { method: "POST", body, headers: master() })).status).toBe(400);
  });
});

describe("durable seams (fake engine)", () => {
  it("fills the durableClient binding; the client's calls reach the engine through /durabletask/", async () => {
    const res = await api("orchestrators/helloSequence", { method: "POST", body: "in" });
    expect(res.status).toBe(202);
    const payload = (await json(res)) as { id: string; statusQueryGetUri: string };
    expect(payload.id).toBe("fake-helloSequence");
    expect(payload.statusQueryGetUri).toContain(`${host.url}/runtime/webhooks/durabletask/instances/fake-helloSequence`);
    expect(durable.fake.requests).toContainEqual({ method: "POST", path: "/durabletask/orchestrators/helloSequence", body: '"in"' });
  });

  it("guards /runtime/webhooks/durabletask/ with the system or master key", async () => {
    const url = `${host.url}/runtime/webhooks/durabletask/instances/abc`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${url}?code=${host.keys.functionKeys.default}`)).status).toBe(401);
    const ok = await fetch(`${url}?code=${host.keys.systemKeys.durabletask_extension}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-fake")).toBe("1");
    expect((await fetch(`${url}?code=${host.keys.masterKey}`)).status).toBe(200);
    expect((await fetch(`${host.url}/runtime/webhooks/durabletask/nope?code=${host.keys.masterKey}`)).status).toBe(404);
    expect((await fetch(`${host.url}/durabletask/nope`)).status).toBe(404);
  });

  it("runs activities, orchestrators and entities through the FunctionRunner", async () => {
    expect(await host.runner.invoke("sayHello", "Tokyo")).toBe("Hello Tokyo!");
    const now = new Date().toISOString();
    const state = await host.runner.invoke("helloSequence", {
      history: [
        { EventType: 12, EventId: -1, IsPlayed: false, Timestamp: now },
        { EventType: 0, EventId: -1, IsPlayed: false, Timestamp: now, Name: "helloSequence", Input: null },
      ],
      input: null,
      instanceId: "i1",
      isReplaying: false,
      parentInstanceId: null,
      upperSchemaVersion: 1,
      upperSchemaVersionNew: 3,
      longRunningTimerIntervalDuration: "3.00:00:00",
      maximumShortTimerDuration: "6.00:00:00",
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
    });
    expect(state).toMatchObject({ isDone: false, actions: [[{ actionType: 0, functionName: "sayHello", input: '"Tokyo"' }]] });
    const entity = await host.runner.invoke("counter", {
      self: { name: "counter", key: "k" },
      exists: true,
      state: "5",
      batch: [{ name: "add", input: "2", id: "op1", isSignal: false }],
    });
    expect(entity).toMatchObject({ entityExists: true, entityState: "7", results: [{ isError: false, result: "5" }] });
  });
});

describe("stop", () => {
  it("runs appTerminate hooks and stops the engine", async () => {
    await host.stop();
    expect(g.__fixtureEvents).toContain("appTerminate");
    expect(durable.fake.stopped).toBe(true);
    await expect(fetch(`${host.url}/admin/host/ping`)).rejects.toThrow();
  });
});
