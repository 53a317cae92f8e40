import { existsSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Webhooks } from "@octokit/webhooks";
import { commitsBetween, currentRef, revParse } from "./git.js";
import { buildPushPayload } from "./push-payload.js";

// `npm run push -- [--ref refs/heads/main] [--before <sha>] [--url http://127.0.0.1:7071]`: signs a push
// of the local HEAD with the local webhook secret and delivers it to the local host (issue #6).
const cwd = process.env.INIT_CWD ?? process.cwd();
const { values } = parseArgs({
  options: {
    ref: { type: "string" },
    before: { type: "string" },
    url: { type: "string" },
    repo: { type: "string" },
  },
});
const readJson = (path: string): Record<string, unknown> =>
  existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>) : {};
const settings = (readJson(join(cwd, "local.settings.json")).Values ?? {}) as Record<
  string,
  string | undefined
>;
const setting = (name: string) => process.env[name] ?? settings[name];

const secret = setting("GITHUB_WEBHOOK_SECRET");
if (!secret) throw new Error("GITHUB_WEBHOOK_SECRET is not set (environment or local.settings.json)");
const routing = JSON.parse(setting("GITHUB_DEPLOY_ROUTING") ?? "{}") as { repositories?: string[] };
const stack = readJson(join(cwd, ".local", "stack.json")) as { components?: { host?: { url?: string } } };
const hostUrl = values.url ?? stack.components?.host?.url ?? "http://127.0.0.1:7071";

const after = revParse(cwd, "HEAD");
if (after === undefined) throw new Error("no commit at HEAD");
const ref = values.ref ?? currentRef(cwd) ?? "refs/heads/main";
const before = values.before === undefined ? revParse(cwd, "HEAD~1") : revParse(cwd, values.before);
const payload = buildPushPayload({
  repository: {
    fullName: values.repo ?? routing.repositories?.[0] ?? "local/ml-orchestrator",
    id: 1,
    defaultBranch: "main",
    htmlBase: "http://127.0.0.1:7074",
  },
  ref,
  before,
  after,
  commits: commitsBetween(cwd, before, after),
  installationId: 1,
  pushedAt: new Date(),
});
const body = JSON.stringify(payload);
const deliveryId = randomUUID();
const response = await fetch(`${hostUrl}/api/github/webhook`, {
  method: "POST",
  headers: {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/local",
    "x-github-event": "push",
    "x-github-delivery": deliveryId,
    "x-hub-signature-256": await new Webhooks({ secret }).sign(body),
  },
  body,
});
console.log(
  `push ${ref} ${after.slice(0, 12)} (${payload.commits.length} commits) → ${response.status} ${await response.text()}`,
);
process.exitCode = response.ok ? 0 : 1;
