import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { deliverPush } from "./deliver-push.js";

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

const delivery = await deliverPush({
  cwd,
  hostUrl: values.url ?? stack.components?.host?.url ?? "http://127.0.0.1:7071",
  secret,
  repository: values.repo ?? routing.repositories?.[0] ?? "local/ml-orchestrator",
  ...(values.ref === undefined ? {} : { ref: values.ref }),
  ...(values.before === undefined ? {} : { before: values.before }),
});
console.log(
  `push ${delivery.ref} ${delivery.after.slice(0, 12)} (${delivery.commits} commits) → ${delivery.status} ${delivery.body}`,
);
process.exitCode = delivery.status < 300 ? 0 : 1;
