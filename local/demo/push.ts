import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deliverPush, type PushDelivery } from "../github/deliver-push.js";
import { revParse } from "../github/git.js";
import { StepError } from "./runner.js";

/** A setting as the local host sees it: the environment wins over local.settings.json (as with func). */
export function appSetting(root: string, name: string): string | undefined {
  const file = join(root, "local.settings.json");
  const values = existsSync(file)
    ? ((JSON.parse(readFileSync(file, "utf8")) as { Values?: Record<string, string> }).Values ?? {})
    : {};
  return process.env[name] ?? values[name];
}

/** execFile with an argument array: the path never passes through a shell. */
function lastCommitTouching(root: string, path: string): string | undefined {
  const sha = execFileSync("git", ["log", "-1", "--format=%H", "--", path], { cwd: root, encoding: "utf8" });
  return sha.trim() || undefined;
}

/**
 * What `npm run push` does (local/github/deliver-push.ts), for `refs/heads/main`: the routed branch of
 * staging. `before` is the parent of the last commit that touched the bundle, so the push carries a change
 * to it and the bundle deploys even when HEAD itself changed something else.
 */
export async function pushHead(hostUrl: string, root: string, bundleDir: string): Promise<PushDelivery> {
  const secret = appSetting(root, "GITHUB_WEBHOOK_SECRET");
  if (!secret) throw new StepError("GITHUB_WEBHOOK_SECRET is not set (environment or local.settings.json)");
  const routing = JSON.parse(appSetting(root, "GITHUB_DEPLOY_ROUTING") ?? "{}") as {
    repositories?: string[];
  };
  const touched = lastCommitTouching(root, bundleDir);
  const before = touched === undefined ? undefined : revParse(root, `${touched}~1`);
  return deliverPush({
    cwd: root,
    hostUrl,
    secret,
    repository: routing.repositories?.[0] ?? "local/ml-orchestrator",
    ref: "refs/heads/main",
    ...(before === undefined ? {} : { before }),
  });
}
