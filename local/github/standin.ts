import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyAppJwt } from "./app-jwt.js";
import type { StandInFaults } from "./standin-faults.js";
import { json, routes } from "./standin-routes.js";
import { createStandInState, isAuthorized, type StandInState } from "./standin-state.js";

/**
 * A loopback stand-in for the GitHub REST calls the product makes (issue #6): installation tokens,
 * tarballs of the local repository (`git archive`), comparisons, check runs, deployments with their
 * statuses, commit statuses and comments. One repository, served under any `owner/name`.
 */
export interface StandIn {
  readonly url: string;
  readonly state: StandInState;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of req) text += String(chunk);
  const value = text === "" ? {} : (JSON.parse(text) as unknown);
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The App whose JWTs the stand-in accepts; without one, any well-formed JWT gets a token. */
export interface StandInApp {
  readonly appId: string;
  readonly publicKeyPem: string;
}

/** Starts the stand-in on 127.0.0.1 (port 0: a free one), serving the git repository at `repoDir`. */
export async function startGithubStandIn(
  repoDir: string,
  port = 0,
  now: () => Date = () => new Date(),
  app?: StandInApp,
  faults: StandInFaults = {},
): Promise<StandIn> {
  const state = createStandInState();
  const table = routes(repoDir, state, now, faults);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const hit = table
      .map(([re, method, h]) => ({ m: re.exec(path), method, h }))
      .find((r) => r.m && r.method === req.method);
    if (hit?.m == null) return json(res, 404, { message: "Not Found" });
    // The App authenticates with a JWT to get tokens; everything else needs an installation token.
    const isTokenCall = path.startsWith("/app/") || /^\/repos\/[^/]+\/[^/]+\/installation$/.test(path);
    const jwtOk = (header: string | undefined) =>
      app === undefined
        ? /^bearer\s+[\w-]+\.[\w-]+\.[\w-]+$/i.test(header ?? "")
        : verifyAppJwt(header, app.publicKeyPem, app.appId, now());
    if (
      isTokenCall ? !jwtOk(req.headers.authorization) : !isAuthorized(state, req.headers.authorization, now())
    ) {
      return json(res, 401, { message: "Bad credentials" });
    }
    readJson(req)
      .then((body) => hit.h(req, res, hit.m?.slice(1) ?? [], body))
      .catch(() => json(res, 400, { message: "Problems parsing JSON" }));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, state, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
