import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { serveCraftedTarball, type StandInFaults } from "./standin-faults.js";
import { reportRoutes } from "./standin-report-routes.js";
import { issueToken, type StandInState } from "./standin-state.js";

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: string[],
  body: Record<string, unknown>,
) => unknown;

const REV = /^[A-Za-z0-9._/-]{1,255}$/; // what we pass to git: no leading dash, no spaces or shell characters

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

function gitOut(repoDir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: repoDir, stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`git ${args[0] ?? ""} failed`)),
    );
  });
}

/** Whether `rev` names a commit of the repository; refuses anything git could read as an option. */
async function isCommit(repoDir: string, rev: string | undefined): Promise<boolean> {
  if (rev === undefined || !REV.test(rev) || rev.startsWith("-")) return false;
  return gitOut(repoDir, ["cat-file", "-e", `${rev}^{commit}`]).then(
    () => true,
    () => false,
  );
}

/** The one installation of the local App; `npm run push` payloads name it too. */
export const LOCAL_INSTALLATION_ID = 1;

/** The REST routes of the stand-in: [path pattern, method, handler]. */
export function routes(
  repoDir: string,
  state: StandInState,
  now: () => Date,
  faults: StandInFaults = {},
): [RegExp, string, Handler][] {
  const repo = "/repos/([^/]+)/([^/]+)";
  return [
    [
      /^\/app\/installations\/(\d+)\/access_tokens$/,
      "POST",
      (_q, res, [id]) => json(res, 201, issueToken(state, Number(id), now())),
    ],
    [
      // Where the App is installed for a repository (App JWT): the local stand-in has one installation.
      new RegExp(`^${repo}/installation$`),
      "GET",
      (_q, res, [owner]) =>
        json(res, 200, { id: LOCAL_INSTALLATION_ID, account: { login: owner }, target_type: "Organization" }),
    ],
    [
      new RegExp(`^${repo}/tarball/(.+)$`),
      "GET",
      async (_q, res, [owner, name, ref]) => {
        if (!(await isCommit(repoDir, ref))) return json(res, 404, { message: "Not Found" });
        if (serveCraftedTarball(faults, ref ?? "", res)) return;
        const child = spawn(
          "git",
          ["archive", "--format=tar.gz", `--prefix=${owner}-${name}-${(ref ?? "").slice(0, 7)}/`, ref ?? ""],
          { cwd: repoDir, stdio: ["ignore", "pipe", "ignore"] },
        );
        res.writeHead(200, { "content-type": "application/x-gzip" });
        child.stdout.pipe(res);
        child.on("close", (code) => code === 0 || res.destroy());
      },
    ],
    [
      new RegExp(`^${repo}/compare/([^.]+)\\.\\.\\.(.+)$`),
      "GET",
      async (_q, res, [, , base, head]) => {
        if (!(await isCommit(repoDir, base)) || !(await isCommit(repoDir, head))) {
          return json(res, 404, { message: "Not Found" });
        }
        const lines = (await gitOut(repoDir, ["diff", "--name-status", "--no-renames", `${base}...${head}`]))
          .split("\n")
          .filter(Boolean);
        const status = { A: "added", D: "removed" } as Record<string, string>;
        json(res, 200, {
          status: "ahead",
          files: lines.map((l) => ({ filename: l.slice(2), status: status[l[0] ?? ""] ?? "modified" })),
        });
      },
    ],
    ...reportRoutes({ state, now, json }),
  ];
}
