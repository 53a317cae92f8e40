import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { DeployReport } from "../../../../shared/github/report/deploy-report.js";
import { createGitHubApi } from "../../../../shared/github/report/octokit-api.js";
import { createDeployReporter } from "../../../../shared/github/report/reporter.js";
import { createLogger, type LogEntry } from "../../../../shared/runtime/logger.js";

const TOKEN = `ghp_${"T".repeat(36)}`;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PEM = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const report: DeployReport = {
  repository: "acme/ml",
  installationId: 7,
  sha: "b".repeat(40),
  target: "staging",
  bundle: "churn",
  phase: "queued",
  correlationId: "c-1",
};

/** A fetch that answers every request with `status` and a GitHub-shaped error body echoing the auth header. */
function failingFetch(status: number, headers: Record<string, string> = {}) {
  const seen: { url: string; authorization: string }[] = [];
  const impl = (url: string, init?: RequestInit) => {
    const authorization = new Headers(init?.headers).get("authorization") ?? "";
    seen.push({ url, authorization });
    // A hostile or buggy server echoing credentials must still not get them into our logs.
    const body = JSON.stringify({ message: `denied for ${authorization}` });
    return Promise.resolve(
      new Response(body, { status, headers: { "content-type": "application/json", ...headers } }),
    );
  };
  return { seen, impl: impl as typeof fetch };
}

function run(api: ReturnType<typeof createGitHubApi>) {
  const logs: LogEntry[] = [];
  const reporter = createDeployReporter({
    api,
    log: createLogger({ sink: (e) => logs.push(e), level: "debug" }),
    sleep: () => Promise.resolve(),
  });
  return { logs, result: reporter.report(report) };
}

describe("GitHub API factory", () => {
  it("is undefined without credentials, token mode with a token, app mode with an app id and key", () => {
    expect(createGitHubApi({ apiUrl: "http://127.0.0.1:9" })).toBeUndefined();
    expect(createGitHubApi({ apiUrl: "http://127.0.0.1:9", token: TOKEN })?.mode).toBe("token");
    expect(
      createGitHubApi({ apiUrl: "http://127.0.0.1:9", appId: "1", privateKey: PEM, token: TOKEN })?.mode,
    ).toBe("app");
  });

  it("never lets a token reach a log line or the result, even when GitHub echoes it", async () => {
    const fake = failingFetch(500);
    const { logs, result } = run(createGitHubApi({ apiUrl: "http://127.0.0.1:9", token: TOKEN }, fake.impl));
    const out = await result;
    expect(out.reported).toBe(false);
    expect(fake.seen[0]?.authorization).toBe(`token ${TOKEN}`);
    expect(out.detail).toContain("denied for token [REDACTED]");
    expect(fake.seen).toHaveLength(3);
    const text = JSON.stringify({ logs, out });
    expect(text).not.toContain(TOKEN);
    expect(text).toContain("500");
  });

  it("never lets the App's key or JWT reach a log line when the token exchange is refused", async () => {
    const fake = failingFetch(401);
    const { logs, result } = run(
      createGitHubApi({ apiUrl: "http://127.0.0.1:9", appId: "12", privateKey: PEM }, fake.impl),
    );
    const out = await result;
    expect(out).toMatchObject({ reported: false });
    expect(fake.seen[0]?.url).toContain("/app/installations/7/access_tokens");
    const jwt = fake.seen[0]?.authorization.split(" ")[1] ?? "";
    expect(jwt.length).toBeGreaterThan(100);
    const text = JSON.stringify({ logs, out });
    expect(text).not.toContain(jwt);
    expect(text).not.toContain(PEM.split("\n")[1] ?? "");
    // 401 is not retried: one exchange only.
    expect(fake.seen).toHaveLength(1);
  });

  it("retries a 403 that is a rate limit, and not a plain 403", async () => {
    const limited = failingFetch(403, { "retry-after": "1" });
    await run(createGitHubApi({ apiUrl: "http://127.0.0.1:9", token: TOKEN }, limited.impl)).result;
    expect(limited.seen).toHaveLength(3);
    const forbidden = failingFetch(403);
    await run(createGitHubApi({ apiUrl: "http://127.0.0.1:9", token: TOKEN }, forbidden.impl)).result;
    expect(forbidden.seen).toHaveLength(1);
  });

  it("refuses an App report that names no installation without calling GitHub", async () => {
    const fake = failingFetch(500);
    const api = createGitHubApi({ apiUrl: "http://127.0.0.1:9", appId: "12", privateKey: PEM }, fake.impl);
    const reporter = createDeployReporter({ api, log: createLogger({ sink: () => undefined }) });
    const { installationId: _omit, ...withoutInstallation } = report;
    expect(await reporter.report(withoutInstallation)).toMatchObject({ reported: false });
    expect(fake.seen).toHaveLength(0);
  });
});
