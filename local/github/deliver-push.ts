import { randomUUID } from "node:crypto";
import { Webhooks } from "@octokit/webhooks";
import { commitsBetween, currentRef, revParse } from "./git.js";
import { buildPushPayload } from "./push-payload.js";
import { LOCAL_INSTALLATION_ID } from "./standin-routes.js";

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
}

export interface PushDelivery {
  readonly deliveryId: string;
  readonly ref: string;
  readonly after: string;
  readonly commits: number;
  readonly status: number;
  readonly body: string;
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
  const body = JSON.stringify(payload);
  const deliveryId = options.deliveryId ?? randomUUID();
  const response = await fetch(`${options.hostUrl}/api/github/webhook`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/local",
      "x-github-event": "push",
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": await new Webhooks({ secret: options.secret }).sign(body),
    },
    body,
  });
  return {
    deliveryId,
    ref,
    after,
    commits: payload.commits.length,
    status: response.status,
    body: await response.text(),
  };
}
