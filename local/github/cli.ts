import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startGithubStandIn } from "./standin.js";

// The GitHub stand-in as a process of `npm start` (issue #6): `--repo` is the git repository it serves
// (tarballs, comparisons); the App's id and public key come from the stack, which gave the host the
// private key (GITHUB_APP_PUBLIC_KEY is a PEM, not a secret).
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "7074" },
    repo: { type: "string", default: process.cwd() },
    "app-id": { type: "string" },
  },
});
const publicKeyPem = process.env.GITHUB_APP_PUBLIC_KEY;
const app =
  values["app-id"] === undefined || publicKeyPem === undefined
    ? undefined
    : { appId: values["app-id"], publicKeyPem };
// Tests of bad input point this at a folder of crafted tarballs (see standin-faults.ts); unset in npm start.
const tarballDir = process.env.GITHUB_STANDIN_TARBALLS;
const standIn = await startGithubStandIn(resolve(values.repo), Number(values.port), undefined, app, {
  tarballDir: tarballDir === undefined || tarballDir === "" ? undefined : resolve(tarballDir),
});
console.log(`GitHub stand-in on ${standIn.url} serving ${resolve(values.repo)}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void standIn.close().then(() => process.exit(0)));
}
