import { HttpRequest } from "@azure/functions";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHostApi } from "../../../local/demo/host-api.js";
import { parseApproveArgs, parsePromoteArgs } from "../../../local/promotion/args.js";
import { approveCommand, promoteCommand } from "../../../local/promotion/commands.js";
import { promote } from "../../../shared/pipelines/promotion/routes.js";
import { FakePromotionClient } from "../../unit/pipelines/promotion/fake-client.js";

const KEY = "host-master-key";

/** The real promotion API routes behind a loopback server that checks the function key, as the host does. */
function serveApi(client: FakePromotionClient): Server {
  const routes = promote.api({
    settings: () => ({ approvalTimeoutSeconds: 3_600, reminderWebhook: false, devPrincipal: true }),
  });
  const match = (method: string, path: string) =>
    routes
      .map((r) => ({ r, re: new RegExp(`^/api/${r.route.replace(/\{[a-z]+\}/g, "([^/]+)")}$`) }))
      .find(({ r, re }) => r.method === method && re.test(path));
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const found = match(req.method ?? "GET", url.pathname);
        if (req.headers["x-functions-key"] !== KEY || found === undefined) {
          res.writeHead(found === undefined ? 404 : 401).end();
          return;
        }
        const id = new RegExp(`^/api/promotions/([^/]+)`).exec(url.pathname)?.[1];
        const request = new HttpRequest({
          method: req.method ?? "GET",
          url: `http://127.0.0.1:7071${url.pathname}`,
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
          body: { string: Buffer.concat(chunks).toString("utf8") },
          ...(id === undefined || id === "rollback" ? {} : { params: { id: decodeURIComponent(id) } }),
        });
        const answer = await found.r.handle(request, client);
        res.writeHead(answer.status ?? 200, { "content-type": "application/json" });
        res.end(answer.jsonBody === undefined ? "" : JSON.stringify(answer.jsonBody));
      })();
    });
  });
}

describe("npm run promote / approve against the promotion API", () => {
  const client = new FakePromotionClient();
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    server = serveApi(client);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const api = () => createHostApi({ baseUrl, key: KEY });

  it("starts as alice, refuses alice approving her own request, and approves as bob", async () => {
    const promoteArgs = parsePromoteArgs(["--model", "staging.ml.churn", "--reason", "better recall"], "x");
    const lines = await promoteCommand(promoteArgs!, api());
    const id = /^Promotion (\S+) started by alice/.exec(lines[0] ?? "")?.[1] ?? "";
    expect(client.instances.get(id)).toMatchObject({
      name: "promote",
      input: { model: "staging.ml.churn", from: "staging", to: "prod", requester: { id: "dev:alice" } },
    });

    // The role is the command's: alice as approver holds only Promotion.Approve and is still the requester.
    await expect(approveCommand(parseApproveArgs([id, "--as", "alice"], "x")!, api())).rejects.toThrow(
      /HTTP 403/,
    );
    const approved = await approveCommand(parseApproveArgs([id, "--comment", "lgtm"], "x")!, api());
    expect(approved[0]).toBe(`Promotion ${id} approved by bob.`);
    expect(client.events).toEqual([
      {
        id,
        name: "approval",
        data: expect.objectContaining({ decision: "approve", comment: "lgtm" }) as unknown,
      },
    ]);
  });

  it("a wrong key is refused before the API runs", async () => {
    const args = parsePromoteArgs(["--model", "m"], "x")!;
    await expect(promoteCommand(args, createHostApi({ baseUrl, key: "wrong" }))).rejects.toThrow(/HTTP 401/);
  });
});
