import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHost, type RunningHost } from "../../../local/host/host.js";
import { fixture, tempDataDir } from "./helpers.js";

const g = globalThis as unknown as { __esmReceived?: { id: string; type: string }[] };
let host: RunningHost;

beforeAll(async () => {
  host = await startHost({ app: fixture("esm-app"), port: 0, dataDir: tempDataDir(), log: () => {} });
});
afterAll(async () => {
  await host?.stop();
});

describe("ESM app (star-glob main, empty route prefix, no durable engine)", () => {
  it("loads every entry file and serves routes without a prefix", async () => {
    expect(host.runner.functionsOfType("httpTrigger")).toEqual(["ping"]);
    expect(host.functionListing).toContain(`  ping: [GET] ${host.url}/ping/{who?}`);
    expect(await (await fetch(`${host.url}/ping/ada`)).json()).toEqual({ pong: "ada", esm: true });
    expect(await (await fetch(`${host.url}/ping`)).json()).toEqual({ pong: "anyone", esm: true });
    expect((await fetch(`${host.url}/api/ping`)).status).toBe(404);
  });

  it("delivers a CloudEvent to an ESM Event Grid function", async () => {
    const url = `${host.url}/runtime/webhooks/eventgrid?functionName=onCloudEvent&code=${host.keys.systemKeys.eventgrid_extension}`;
    const event = { specversion: "1.0", type: "Custom.Thing", source: "/x", id: "esm-1", data: {} };
    const res = await fetch(url, { method: "POST", body: JSON.stringify([event]), headers: { "content-type": "application/cloudevents-batch+json" } });
    expect(res.status).toBe(202);
    expect(g.__esmReceived).toContainEqual({ id: "esm-1", type: "Custom.Thing" });
  });

  it("runs an ESM activity through the FunctionRunner; durable routes are 404 without an engine", async () => {
    expect(await host.runner.invoke("shout", "hey")).toBe("HEY");
    await expect(host.runner.invoke("nope", 1)).rejects.toThrow(/not registered/);
    expect((await fetch(`${host.url}/durabletask/instances/x`)).status).toBe(404);
  });
});
