import { AppError } from "../errors/app-error.js";
import { PayloadTooLargeError, UnauthorizedError, ValidationError } from "../errors/taxonomy.js";
import type { SignatureVerifier } from "./signature.js";

/** GitHub caps payloads at 25 MB and does not deliver larger ones; anything bigger is not from GitHub. */
export const MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;

/** A verified, parsed delivery. */
export interface Delivery {
  readonly id: string;
  readonly event: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** The request as the webhook core needs it; the Functions adapter fills it from an HttpRequest. */
export interface RawDelivery {
  readonly header: (name: string) => string | null;
  readonly body: () => Promise<ArrayBuffer>;
}

// GUIDs on github.com and GHES; kept general but safe to use in an instance id and a log line.
const DELIVERY_ID = /^[A-Za-z0-9-]{1,64}$/;
const EVENT_NAME = /^[a-z_]{1,64}$/;

/** Thrown when no webhook secret is configured: refusing is safer than accepting unsigned deliveries. */
export class WebhookNotConfiguredError extends AppError {
  constructor() {
    super({
      code: "WEBHOOK_NOT_CONFIGURED",
      message: "The GitHub webhook secret is not configured",
      status: 503,
      expose: true,
    });
  }
}

/**
 * 415, as @octokit/webhooks' own middleware answers: a hook set to `application/x-www-form-urlencoded`
 * is a configuration mistake the sender can fix, and this status names it in GitHub's delivery log.
 */
export class UnsupportedContentTypeError extends AppError {
  constructor() {
    super({
      code: "UNSUPPORTED_CONTENT_TYPE",
      message: "Content type must be application/json (set it in the webhook's settings)",
      status: 415,
    });
  }
}

function checkSize(declared: string | null, actual?: number): void {
  const size = actual ?? (declared === null ? 0 : Number(declared));
  if (Number.isFinite(size) && size > MAX_PAYLOAD_BYTES) {
    throw new PayloadTooLargeError(`Payload exceeds ${MAX_PAYLOAD_BYTES} bytes`);
  }
}

function isJsonContentType(value: string | null): boolean {
  const media = value?.split(";")[0]?.trim().toLowerCase();
  return media === "application/json";
}

/**
 * Size → signature → content type → headers → JSON, in that order: an unauthenticated caller learns
 * nothing but 401 (or 413, which costs us nothing to say), and the body is parsed only once verified.
 * The signature is checked over the raw bytes as received, before any parsing (GitHub signs those).
 *
 * @throws PayloadTooLargeError (413), UnauthorizedError (401), UnsupportedContentTypeError (415),
 *   ValidationError (400)
 */
export async function readDelivery(raw: RawDelivery, verify: SignatureVerifier): Promise<Delivery> {
  checkSize(raw.header("content-length"));
  const bytes = await raw.body();
  checkSize(null, bytes.byteLength);
  const signature = raw.header("x-hub-signature-256");
  if (signature === null || signature === "") throw new UnauthorizedError("Missing X-Hub-Signature-256");
  const text = new TextDecoder("utf-8").decode(bytes);
  if (!(await verify(text, signature))) throw new UnauthorizedError("X-Hub-Signature-256 does not match");
  if (!isJsonContentType(raw.header("content-type"))) throw new UnsupportedContentTypeError();
  const id = raw.header("x-github-delivery") ?? "";
  const event = raw.header("x-github-event") ?? "";
  if (!DELIVERY_ID.test(id)) throw new ValidationError("Missing or invalid X-GitHub-Delivery");
  if (!EVENT_NAME.test(event)) throw new ValidationError("Missing or invalid X-GitHub-Event");
  return { id, event, payload: parseObject(text) };
}

function parseObject(text: string): Readonly<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError("Body is not valid JSON", { code: "INVALID_JSON" });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError("Body must be a JSON object", { code: "INVALID_JSON" });
  }
  return value as Record<string, unknown>;
}
