import { describe, expect, it } from "vitest";
import { startOnce } from "../../../shared/durable/start-once.js";
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
