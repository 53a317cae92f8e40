import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { Webhooks } from "@octokit/webhooks";
import { commitsBetween, revParse } from "../github/git.js";
import { buildPushPayload } from "../github/push-payload.js";
import type { ApiResponse, HostApi } from "./host-api.js";
import { StepError } from "./runner.js";

/** A setting as the local host sees it: the environment wins over local.settings.json (as with func). */
export function appSetting(root: string, name: string): string | undefined {
  const file = join(root, "local.settings.json");
  const values = existsSync(file)
    ? ((JSON.parse(readFileSync(file, "utf8")) as { Values?: Record<string, string> }).Values ?? {})
    : {};
  return process.env[name] ?? values[name];
}

export interface PushResult {
  readonly sha: string;
  readonly ref: string;
  readonly commits: number;
  readonly response: ApiResponse;
}

/**
 * What `npm run push` does (local/github/push.ts), for `refs/heads/main`: the routed branch of staging.
 * `before` is the parent of the last commit that touched the bundle, so the push carries a change to it
 * and the bundle deploys even when HEAD itself changed something else.
 */
export async function deliverPush(api: HostApi, root: string, bundleDir: string): Promise<PushResult> {
  const secret = appSetting(root, "GITHUB_WEBHOOK_SECRET");
  if (!secret) throw new StepError("GITHUB_WEBHOOK_SECRET is not set (environment or local.settings.json)");
  const routing = JSON.parse(appSetting(root, "GITHUB_DEPLOY_ROUTING") ?? "{}") as {
    repositories?: string[];
  };
  const after = revParse(root, "HEAD");
  if (after === undefined) throw new StepError("the repository has no commit at HEAD");
  const touched = lastCommitTouching(root, bundleDir);
  const before = touched === undefined ? undefined : revParse(root, `${touched}~1`);
  const ref = "refs/heads/main";
  const payload = buildPushPayload({
    repository: {
      fullName: routing.repositories?.[0] ?? "local/ml-orchestrator",
      id: 1,
      defaultBranch: "main",
      htmlBase: "http://127.0.0.1:7074",
    },
    ref,
    before,
    after,
    commits: commitsBetween(root, before, after),
    installationId: 1,
    pushedAt: new Date(),
  });
  const body = JSON.stringify(payload);
  const response = await api.post("/api/github/webhook", payload, {
    "user-agent": "GitHub-Hookshot/local",
    "x-github-event": "push",
    "x-github-delivery": randomUUID(),
    "x-hub-signature-256": await new Webhooks({ secret }).sign(body),
  });
  return { sha: after, ref, commits: payload.commits.length, response };
}

/** execFile with an argument array: the path never passes through a shell. */
function lastCommitTouching(root: string, path: string): string | undefined {
  const sha = execFileSync("git", ["log", "-1", "--format=%H", "--", path], { cwd: root, encoding: "utf8" });
  return sha.trim() || undefined;
}
