import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Agent, createServer } from "node:https";
import type { LookupFunction } from "node:net";
import { selfSignedCert } from "./tls.js";
import { StorageFault, type PathState } from "./dfs-state.js";
import { handleBlob } from "./blob-routes.js";
import { handleDfs } from "./dfs-routes.js";

/** Host names the fake answers to; `.invalid` never resolves in DNS, so nothing can leave loopback. */
export const FAKE_DOMAIN = "lake.invalid";

export interface FakeDfsOptions {
  readonly account: string;
  readonly filesystems: readonly string[];
  /** The bearer token the fake accepts (the fake TokenCredential's). */
  readonly token: string;
}

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
}

export interface FakeDfs {
  /** `https://<account>.dfs.lake.invalid:<port>`: the DFS endpoint to give the client. */
  readonly endpoint: string;
  /** Resolves the fake's names to 127.0.0.1 and trusts its certificate; pass as the client's agent. */
  readonly agent: Agent;
  readonly requests: Recorded[];
  readonly files: Map<string, PathState>;
  close(): Promise<void>;
}

export interface RouteContext {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly filesystem: string;
  readonly path: string;
  readonly body: Buffer;
  readonly files: Map<string, PathState>;
  readonly now: number;
}

/** What a route answers: status, headers and an optional body. */
export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
}

function send(res: ServerResponse, reply: Reply, head: boolean) {
  const body = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(reply.body);
  res.writeHead(reply.status, {
    "x-ms-request-id": randomUUID(),
    "x-ms-version": "2026-02-06",
    "content-length": String(body.length),
    ...reply.headers,
  });
  res.end(head ? undefined : body);
}

/** DFS errors are JSON, Blob errors XML; both carry x-ms-error-code (HEAD answers have no body). */
function faultReply(fault: StorageFault, dfs: boolean): Reply {
  const message = `${fault.message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}`;
  const headers = { "x-ms-error-code": fault.code };
  if (dfs)
    return {
      status: fault.status,
      headers: { ...headers, "content-type": "application/json;charset=utf-8" },
      body: JSON.stringify({ error: { code: fault.code, message } }),
    };
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${fault.code}</Code><Message>${message}</Message></Error>`;
  return { status: fault.status, headers: { ...headers, "content-type": "application/xml" }, body: xml };
}

function authorize(req: IncomingMessage, options: FakeDfsOptions) {
  const auth = req.headers.authorization;
  if (auth === undefined)
    throw new StorageFault(
      401,
      "NoAuthenticationInformation",
      "Server failed to authenticate the request. Please refer to the information in the www-authenticate header.",
    );
  if (auth !== `Bearer ${options.token}`)
    throw new StorageFault(
      403,
      "AuthenticationFailed",
      "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
    );
  if (req.headers["x-ms-version"] === undefined)
    throw new StorageFault(
      400,
      "MissingRequiredHeader",
      "An HTTP header that's mandatory for this request is not specified.",
    );
}

async function route(
  req: IncomingMessage,
  options: FakeDfsOptions,
  files: Map<string, PathState>,
  log: Recorded[],
): Promise<Reply> {
  const url = new URL(req.url ?? "/", `https://${req.headers.host ?? "x"}`);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  log.push({ method: req.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams) });
  const dfs = req.method === "PATCH" || (req.method === "PUT" && url.searchParams.get("comp") !== "lease");
  try {
    authorize(req, options);
    if (url.hostname.split(".")[0] !== options.account)
      throw new StorageFault(
        400,
        "InvalidUri",
        "The requested URI does not represent any resource on the server.",
      );
    const [filesystem = "", ...rest] = url.pathname.slice(1).split("/").map(decodeURIComponent);
    if (!options.filesystems.includes(filesystem))
      throw dfs
        ? new StorageFault(404, "FilesystemNotFound", "The specified filesystem does not exist.")
        : new StorageFault(404, "ContainerNotFound", "The specified container does not exist.");
    const ctx: RouteContext = {
      req,
      url,
      filesystem,
      path: rest.join("/"),
      body: Buffer.concat(chunks),
      files,
      now: Date.now(),
    };
    return dfs ? handleDfs(ctx) : handleBlob(ctx);
  } catch (err) {
    if (err instanceof StorageFault) return faultReply(err, dfs);
    throw err;
  }
}

/**
 * A loopback fake of the ADLS Gen2 REST calls the DFS lake store makes: Path Create (file, rename),
 * Path Update (append, flush), and the Blob endpoint's Get Blob, Get Blob Properties and Lease Blob that the
 * DataLake SDK uses for reads and leases. Every request needs the bearer token.
 */
export async function startFakeDfs(options: FakeDfsOptions): Promise<FakeDfs> {
  const tls = selfSignedCert([`*.dfs.${FAKE_DOMAIN}`, `*.blob.${FAKE_DOMAIN}`]);
  const files = new Map<string, PathState>();
  const requests: Recorded[] = [];
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    route(req, options, files, requests).then(
      (reply) => send(res, reply, req.method === "HEAD"),
      (err: unknown) => send(res, { status: 500, body: String(err) }, false),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const lookup: LookupFunction = (hostname, opts, callback) => {
    if (!hostname.endsWith(`.${FAKE_DOMAIN}`)) {
      callback(new Error(`the fake DFS agent only resolves *.${FAKE_DOMAIN}, not ${hostname}`), "", 4);
      return;
    }
    if (opts.all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: "127.0.0.1", family: 4 },
      ]);
    else callback(null, "127.0.0.1", 4);
  };
  const agent = new Agent({ ca: tls.cert, lookup, keepAlive: true });
  return {
    endpoint: `https://${options.account}.dfs.${FAKE_DOMAIN}:${port}`,
    agent,
    requests,
    files,
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
