import { randomUUID } from "node:crypto";
import { Webhooks } from "@octokit/webhooks";
import { commitsBetween, currentRef, revParse } from "./git.js";
import { buildPushPayload } from "./push-payload.js";
import { LOCAL_INSTALLATION_ID } from "./standin-routes.js";

/** The push payload as built for a local repository (see push-payload.ts). */
export type LocalPushPayload = ReturnType<typeof buildPushPayload>;

export interface PushOptions {
  /** The git repository whose HEAD (or `after`) is pushed. */
  readonly cwd: string;
  readonly hostUrl: string;
  readonly secret: string;
  readonly repository: string;
  readonly ref?: string;
  readonly before?: string;
  readonly after?: string;
  /** Reuse an id to redeliver (GitHub keeps it across redeliveries). */
  readonly deliveryId?: string;
  /** Rewrites the payload before it is signed: tests send forced, deleted, cut or foreign pushes. */
  readonly edit?: (payload: LocalPushPayload) => object;
}

export interface PushDelivery {
  readonly deliveryId: string;
  readonly ref: string;
  readonly after: string;
  readonly commits: number;
  readonly status: number;
  readonly body: string;
}

/** One webhook POST as GitHub makes it; `headers` override or (with null) drop the defaults. */
export interface RawDeliveryOptions {
  readonly hostUrl: string;
  readonly event: string;
  readonly body: string;
  /** Signs the body when set; the signature header is absent otherwise. */
  readonly secret?: string;
  readonly deliveryId?: string;
  readonly headers?: Readonly<Record<string, string | null>>;
}

/** POSTs a delivery to the host's webhook and returns the status and body text. */
export async function postDelivery(
  options: RawDeliveryOptions,
): Promise<{ deliveryId: string; status: number; body: string }> {
  const deliveryId = options.deliveryId ?? randomUUID();
  const headers: Record<string, string | null> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/local",
    "x-github-event": options.event,
    "x-github-delivery": deliveryId,
    ...(options.secret === undefined
      ? {}
      : { "x-hub-signature-256": await new Webhooks({ secret: options.secret }).sign(options.body) }),
    ...options.headers,
  };
  const response = await fetch(`${options.hostUrl}/api/github/webhook`, {
    method: "POST",
    headers: Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null)),
    body: options.body,
  });
  return { deliveryId, status: response.status, body: await response.text() };
}

/**
 * Builds the push payload GitHub would send for `before..after` of a local repository, signs it with
 * the webhook secret and POSTs it to the host's webhook (what `npm run push` does; tests call it too).
 */
export async function deliverPush(options: PushOptions): Promise<PushDelivery> {
  const { cwd } = options;
  const after = revParse(cwd, options.after ?? "HEAD");
  if (after === undefined) throw new Error(`no commit at ${options.after ?? "HEAD"}`);
  const ref = options.ref ?? currentRef(cwd) ?? "refs/heads/main";
  const before = revParse(cwd, options.before ?? `${after}~1`);
  const payload = buildPushPayload({
    repository: {
      fullName: options.repository,
      id: 1,
      defaultBranch: "main",
      htmlBase: "http://127.0.0.1:7074",
    },
    ref,
    before,
    after,
    commits: commitsBetween(cwd, before, after),
    installationId: LOCAL_INSTALLATION_ID,
    pushedAt: new Date(),
  });
  const sent = await postDelivery({
    hostUrl: options.hostUrl,
    event: "push",
    body: JSON.stringify(options.edit === undefined ? payload : options.edit(payload)),
    secret: options.secret,
    ...(options.deliveryId === undefined ? {} : { deliveryId: options.deliveryId }),
  });
  return { ...sent, ref, after, commits: payload.commits.length };
}
