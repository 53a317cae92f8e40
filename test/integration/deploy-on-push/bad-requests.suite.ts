import { describe, expect, it } from "vitest";
import { postDelivery } from "../../../local/github/deliver-push.js";
import { MAX_PAYLOAD_BYTES } from "../../../shared/github/delivery.js";
import { instanceExists } from "./push-stack-fixture.js";

/** Where the suite sends: the running host's URL and its webhook secret, known once the stack is up. */
export interface WebhookTarget {
  readonly hostUrl: string;
  readonly secret: string;
}

const bodyOf = (d: { body: string }) => JSON.parse(d.body) as Record<string, unknown>;

/**
 * Requests GitHub would not send (issue #6, "Bad input"), against the host of the caller's stack: each
 * gets its status and error code before any routing, and starts no instance.
 */
export function describeBadRequests(target: () => WebhookTarget): void {
  const raw = (event: string, body: string, signed = true, headers: Record<string, string> = {}) => {
    const { hostUrl, secret } = target();
    return postDelivery({ hostUrl, event, body, headers, ...(signed ? { secret } : {}) });
  };
  const noInstance = async (deliveryId: string) =>
    !(await instanceExists(target().hostUrl, `gh-${deliveryId}`));
  const ping = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });

  describe("requests GitHub would not send get a status and start nothing", () => {
    it("401 without a signature or with one made with another secret", async () => {
      const unsigned = await raw("push", ping, false);
      const forged = await postDelivery({
        hostUrl: target().hostUrl,
        event: "push",
        body: ping,
        secret: "another-secret-000000000001",
      });
      for (const d of [unsigned, forged]) {
        expect(d.status).toBe(401);
        expect(bodyOf(d)).toMatchObject({ error: { code: "UNAUTHORIZED" } });
        expect(await noInstance(d.deliveryId)).toBe(true);
      }
    });

    it("415 for a form-encoded hook (signed), 400 for a body that is not JSON", async () => {
      const form = await raw("ping", `payload=${encodeURIComponent(ping)}`, true, {
        "content-type": "application/x-www-form-urlencoded",
      });
      expect(form.status).toBe(415);
      expect(bodyOf(form)).toMatchObject({ error: { code: "UNSUPPORTED_CONTENT_TYPE" } });
      const broken = await raw("push", '{"ref": "refs/heads/main", ');
      expect(broken.status).toBe(400);
      expect(bodyOf(broken)).toMatchObject({ error: { code: "INVALID_JSON" } });
    });

    it("413 for a body over 25 MB, signed or not", async () => {
      const huge = `{"pad":"${"x".repeat(MAX_PAYLOAD_BYTES)}"}`;
      for (const signed of [true, false]) {
        const d = await raw("push", huge, signed);
        expect(d.status).toBe(413);
        expect(bodyOf(d)).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
      }
    });

    it("200 for ping, 204 for an event it does not handle", async () => {
      expect((await raw("ping", ping)).status).toBe(200);
      const star = await raw("star", JSON.stringify({ action: "created", starred_at: null }));
      expect(star.status).toBe(204);
      expect(await noInstance(star.deliveryId)).toBe(true);
    });
  });
}
