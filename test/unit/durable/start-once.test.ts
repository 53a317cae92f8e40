import { describe, expect, it } from "vitest";
import { lazyDurableStarter, startOnce } from "../../../shared/durable/start-once.js";
import { FakeStartClient } from "../github/fake-durable-client.js";

describe("startOnce", () => {
  it("starts an unknown instance once, then reports it as existing", async () => {
    const client = new FakeStartClient();
    expect(await startOnce(client, "Orch", "gh-1", { a: 1 })).toEqual({ instanceId: "gh-1", started: true });
    expect(await startOnce(client, "Orch", "gh-1", { a: 2 })).toEqual({ instanceId: "gh-1", started: false });
    expect(client.startCalls).toBe(1);
    expect(client.instances.get("gh-1")?.input).toEqual({ a: 1 });
  });

  it("reports a start lost to a concurrent caller as existing", async () => {
    const client = new FakeStartClient();
    client.beforeStart = (id) => {
      client.instances.set(id, { name: "Orch", input: "theirs" });
      throw new Error("The operation failed with an unexpected status code: 409.");
    };
    expect(await startOnce(client, "Orch", "gh-2", "mine")).toEqual({ instanceId: "gh-2", started: false });
  });

  it("rethrows a start failure when the instance does not exist", async () => {
    const client = new FakeStartClient();
    client.beforeStart = () => {
      throw new Error("The operation failed with an unexpected status code: 400.");
    };
    await expect(startOnce(client, "Missing", "gh-3", null)).rejects.toThrow(/400/);
  });
});

describe("lazyDurableStarter", () => {
  it("builds no client until a start is requested, then one client for every start", async () => {
    const client = new FakeStartClient();
    let built = 0;
    const starter = lazyDurableStarter(() => (built++, client));
    expect(built).toBe(0);
    expect(await starter.startOnce("Orch", "gh-4", 1)).toEqual({ instanceId: "gh-4", started: true });
    expect(await starter.startOnce("Orch", "gh-4", 2)).toEqual({ instanceId: "gh-4", started: false });
    expect(built).toBe(1);
    expect(client.instances.get("gh-4")?.input).toBe(1);
  });

  it("surfaces a client that cannot be built as a failed start", async () => {
    const starter = lazyDurableStarter(() => {
      throw new Error("Could not find a registered durable client input binding.");
    });
    await expect(starter.startOnce("Orch", "gh-5", null)).rejects.toThrow(/durable client input/);
  });
});
