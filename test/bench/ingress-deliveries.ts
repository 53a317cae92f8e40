import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type { Delivery } from "./load.js";

interface Definition {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}
const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples") as readonly Definition[];

function example(event: string, pick: (p: Record<string, unknown>) => boolean): Record<string, unknown> {
  const found = definitions.find((d) => d.name === event)?.examples.find(pick);
  if (found === undefined) throw new Error(`no ${event} example`);
  return structuredClone(found);
}

/** The repository of the examples' payloads; the bench routes it so pushes pass the allow-list. */
export const EXAMPLE_REPOSITORY = "Codertocat/Hello-World";

/**
 * Real GitHub payloads (@octokit/webhooks-examples), signed with `secret`, each with its own delivery id.
 * `push`: the example branch push moved to a branch no route deploys, so the webhook verifies, parses and
 * routes it and answers 200 "skipped" without starting anything; `ping`: answered 200 "pong".
 */
export function signedDeliveries(kind: "push" | "ping", count: number, secret: string): Delivery[] {
  const payload =
    kind === "push"
      ? { ...example("push", (p) => p.ref === "refs/heads/master"), ref: "refs/heads/bench-no-route" }
      : example("ping", () => true);
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  return Array.from({ length: count }, () => ({
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": kind,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": signature,
      "user-agent": "GitHub-Hookshot/bench",
    },
  }));
}
