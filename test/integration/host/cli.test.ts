import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, tempDataDir } from "./helpers.js";

const root = join(import.meta.dirname, "..", "..", "..");
const cli = join(root, "dist", "local", "host", "cli.js");
// The CLI wires the real durable engine, which needs the compiled dist (npm test's pretest builds it)
// and the better-sqlite3 native addon.
const hostJs = join(root, "dist", "local", "host", "host.js");
const runnable = existsSync(cli) && existsSync(join(root, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node"));

describe.skipIf(!runnable)("npm run host (dist/local/host/cli.js)", () => {
  it("prints the functions and 'Host started on', serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [cli, "--app", fixture("esm-app"), "--port", "0", "--data", tempDataDir()], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line:\n${out}`)), 20_000);
        child.stdout.on("data", () => {
          const m = /Host started on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        void exited.then(() => reject(new Error(`host exited:\n${out}`)));
      });
      expect(out).toContain("Functions:");
      expect(out).toContain(`  ping: [GET] ${url}/ping/{who?}`);
      expect(out).toContain("  shout: activityTrigger");
      expect((await fetch(`${url}/admin/host/ping`)).status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

describe.skipIf(!existsSync(hostJs))("registration-order guard", () => {
  it("fails loudly when @azure/functions was loaded before the core shim", async () => {
    const script = [
      `import { createRequire } from "node:module";`,
      `createRequire(${JSON.stringify(join(root, "package.json"))})("@azure/functions");`,
      `const { startHost } = await import(${JSON.stringify(hostJs)});`,
      `await startHost({ app: ${JSON.stringify(fixture("esm-app"))}, port: 0, dataDir: ${JSON.stringify(tempDataDir())}, log: () => {} });`,
    ].join("\n");
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    expect(err).toContain("before the local host installed @azure/functions-core");
  });
});
