import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ComponentSpec, StackLayout } from "./components.js";
import type { StackGithubApp } from "./host-settings.js";

/** The local App's id: any number works, the stand-in checks the JWT's `iss` against it. */
const LOCAL_APP_ID = "1";

export interface StackGithub extends StackGithubApp {
  readonly repoDir: string;
  readonly publicKeyPem: string;
}

/** Where the stack keeps the local App's private key, so scripts and tests can act as the App too. */
export const appKeyFile = (dataDir: string): string => join(dataDir, "github", "app-private-key.pem");

/**
 * A fresh App key pair per `npm start`: the host signs its App JWTs with the private half (as in Azure,
 * where the key is a Key Vault secret) and the stand-in verifies them with the public half. The private
 * half is also written (owner-only) to the data folder: it opens nothing but this stack's stand-in.
 */
export function stackGithubApp(port: number, repoDir: string, dataDir: string): StackGithub {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  mkdirSync(join(dataDir, "github"), { recursive: true });
  writeFileSync(appKeyFile(dataDir), privateKeyPem, { mode: 0o600 });
  return {
    url: `http://127.0.0.1:${port}`,
    appId: LOCAL_APP_ID,
    privateKeyPem,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    repoDir,
  };
}

/** The GitHub API stand-in (issue #6): tokens, tarballs and comparisons of `repoDir`, reports. */
export function githubComponent(layout: StackLayout, github: StackGithub): ComponentSpec {
  const port = new URL(github.url).port;
  return {
    name: "github",
    command: process.execPath,
    args: [
      join(layout.root, "dist", "local", "github", "cli.js"),
      ...["--port", port, "--repo", github.repoDir, "--app-id", github.appId],
    ],
    env: { ...process.env, GITHUB_APP_PUBLIC_KEY: github.publicKeyPem },
    cwd: layout.root,
    dirs: [],
    endpoints: [{ label: "GitHub API stand-in", url: github.url }],
    // Any answer proves it serves: every route needs a token, so a bare GET is a 404 or 401.
    healthy: async () => {
      try {
        const res = await fetch(`${github.url}/`, { signal: AbortSignal.timeout(2_000) });
        await res.body?.cancel();
        return res.status > 0;
      } catch {
        return false;
      }
    },
    startTimeoutMs: 30_000,
    details: { repository: github.repoDir, appId: github.appId, appKey: appKeyFile(layout.dataDir) },
  };
}
