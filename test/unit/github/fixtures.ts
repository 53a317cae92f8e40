import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { HttpRequest } from "@azure/functions";

// Real payloads contributed to octokit/webhooks, as GitHub sends them (api.github.com).
interface Definition {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}
const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples") as readonly Definition[];

/** Every example payload of an event, deep-copied so tests can vary them. */
export function examples(event: string): Record<string, unknown>[] {
  const found = definitions.find((d) => d.name === event);
  if (found === undefined) throw new Error(`no examples for ${event}`);
  return found.examples.map((e) => structuredClone(e));
}

/** The first example matching `pick`. */
export function example(event: string, pick: (p: Record<string, unknown>) => boolean = () => true) {
  const found = examples(event).find(pick);
  if (found === undefined) throw new Error(`no matching ${event} example`);
  return found;
}

export const SECRET = "test-webhook-secret-0001";
export const OLD_SECRET = "test-webhook-secret-0000";

/** HMAC-SHA256 of the body as GitHub computes it, computed independently of @octokit/webhooks. */
export function signatureOf(body: string | Buffer, secret = SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export interface DeliveryOptions {
  readonly event?: string;
  readonly deliveryId?: string;
  readonly secret?: string;
  /** Overrides the computed signature; null leaves the header out. */
  readonly signature?: string | null;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/** A webhook request the way GitHub sends it: raw JSON body, signed, with the X-GitHub-* headers. */
export function deliveryRequest(body: string | Buffer, options: DeliveryOptions = {}): HttpRequest {
  const signature = options.signature === undefined ? signatureOf(body, options.secret) : options.signature;
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "application/json",
    "user-agent": "GitHub-Hookshot/abc123",
    "x-github-event": options.event ?? "push",
    "x-github-delivery": options.deliveryId ?? randomUUID(),
    "x-github-hook-id": "1",
    ...(signature === null ? {} : { "x-hub-signature-256": signature }),
    ...options.headers,
  };
  return new HttpRequest({
    method: "POST",
    url: "http://127.0.0.1:7071/api/github/webhook",
    headers,
    body: { bytes: typeof body === "string" ? Buffer.from(body) : body },
  });
}
