import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubStandIn, type StandIn } from "../../../local/github/standin.js";
import { githubAppCommenter } from "../../../shared/pipelines/promotion/commit-comments.js";
import { createPromotionActivities } from "../../../shared/pipelines/promotion/promotion.activities.js";

// The reminder comment through @octokit/request and @octokit/auth-app (a real RS256 App JWT, the
// installation looked up by repository) against the GitHub stand-in over loopback.
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PEM = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const SHA = "e".repeat(40);
let dir: string;
let standIn: StandIn;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "reminder-comment-"));
  const app = { appId: "4242", publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
  standIn = await startGithubStandIn(dir, 0, () => new Date(), app);
});
afterAll(async () => {
  await standIn?.close();
  rmSync(dir, { recursive: true, force: true });
});

const activities = (commenter?: ReturnType<typeof githubAppCommenter>) =>
  createPromotionActivities({
    registryFor: () => {
      throw new Error("not used");
    },
    ledger: { read: () => Promise.resolve([]), appendOnce: () => Promise.resolve({ appended: false }) },
    sidecar: { load: () => Promise.resolve(null) },
    repositories: [],
    jobs: { jobId: () => Promise.resolve(null) },
    commenter,
  });
const ctx = {} as never;
const reminder = (when: string) => ({
  repository: "acme/ml",
  sha: SHA,
  marker: `<!-- ml-orchestrator:promotion-reminder promo-1@t ${when} -->`,
  body: `Promotion awaiting approval\n\n<!-- ml-orchestrator:promotion-reminder promo-1@t ${when} -->`,
});

describe("PostReminderComment as the GitHub App on the stand-in", () => {
  it("comments once per reminder: a retry finds its marker and posts nothing", async () => {
    const acts = activities(githubAppCommenter({ apiUrl: standIn.url, appId: "4242", privateKey: PEM }));
    expect(await acts.commentReminder(reminder("half"), ctx)).toEqual({ posted: true });
    expect(await acts.commentReminder(reminder("half"), ctx)).toEqual({ posted: false });
    expect(await acts.commentReminder(reminder("final"), ctx)).toEqual({ posted: true });
    expect(standIn.state.commitComments.map((c) => [c.commit_id, c.body])).toEqual([
      [SHA, reminder("half").body],
      [SHA, reminder("final").body],
    ]);
  });

  it("without a GitHub App nothing is posted, and a wrong key fails without leaking it", async () => {
    expect(await activities().commentReminder(reminder("half"), ctx)).toEqual({ posted: false });
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const wrong = other.export({ type: "pkcs1", format: "pem" }).toString();
    const acts = activities(githubAppCommenter({ apiUrl: standIn.url, appId: "4242", privateKey: wrong }));
    const err = await Promise.resolve(acts.commentReminder(reminder("other"), ctx)).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/^GitHub installation lookup failed \(401\)/);
    expect(err?.message).not.toContain("PRIVATE KEY");
  });
});
