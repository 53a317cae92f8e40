import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poll, repoRoot, spawnHost, type HostProcess } from "../durable/host-process.js";
import { example } from "../../unit/github/fixtures.js";

/**
 * The built webhook function on the local host with the real DurableClient: signature, dedupe by
 * delivery id and the started instance, seen through the Durable HTTP API. Needs `npm run build`.
 */
const SECRET = "integration-secret-0001";
const app = join(repoRoot, "test", "fixtures", "github-app");
let host: HostProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "github-webhook-"));
  host = await spawnHost(app, join(dataDir, "host"), {
    AzureWebJobsStorage: "UseDevelopmentStorage=true",
    GITHUB_WEBHOOK_SECRET: SECRET,
    GITHUB_DEPLOY_ROUTING: JSON.stringify({
      repositories: ["Codertocat/Hello-World"],
      routes: [{ branch: "master", target: "staging" }],
    }),
  });
});

afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const push = JSON.stringify({
  ...example(
    "push",
    (p) => p.ref === "refs/heads/master" && Array.isArray(p.commits) && p.commits.length === 1,
  ),
  created: false,
  before: "1".repeat(40),
});

function deliver(body: string, deliveryId: string, event = "push", secret = SECRET) {
  return fetch(`${host.url}/api/github/webhook`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    },
    body,
  });
}

const status = async (id: string) => {
  const res = await fetch(`${host.url}/durabletask/instances/${id}`);
  return res.status === 404 ? undefined : ((await res.json()) as { runtimeStatus: string; output: unknown });
};

describe("POST /api/github/webhook on the local host", () => {
  it("starts one DeployOnPush per delivery; a redelivery returns the same instance", async () => {
    const deliveryId = randomUUID();
    const first = await deliver(push, deliveryId);
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({
      status: "started",
      instanceId: `gh-${deliveryId}`,
      target: "staging",
    });
    const again = await deliver(push, deliveryId);
    expect(await again.json()).toMatchObject({ status: "duplicate", instanceId: `gh-${deliveryId}` });
    const done = await poll(async () => {
      const s = await status(`gh-${deliveryId}`);
      return s?.runtimeStatus === "Completed" ? s : undefined;
    }, "the deploy instance");
    expect(done.output).toMatchObject({
      deliveryId,
      sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      changes: { kind: "paths", paths: ["README.md"] },
    });
  });

  it("refuses a delivery signed with another secret and starts nothing", async () => {
    const deliveryId = randomUUID();
    const res = await deliver(push, deliveryId, "push", "another-secret-00001");
    expect(res.status).toBe(401);
    expect(await status(`gh-${deliveryId}`)).toBeUndefined();
  });

  it("answers ping and unhandled events", async () => {
    expect((await deliver(JSON.stringify(example("ping")), randomUUID(), "ping")).status).toBe(200);
    expect((await deliver(JSON.stringify(example("star")), randomUUID(), "star")).status).toBe(204);
  });

  it("never writes the secret to the host's output", () => {
    expect(host.output()).not.toContain(SECRET);
  });
});
