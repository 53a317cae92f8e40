import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { createMlflowRoutes } from "../../../local/databricks/mlflow/index.js";

interface Sent {
  url: string;
  method: string;
  body: string | undefined;
  headers: Record<string, string>;
}

/** A fake MLflow server as a fetch: records requests and answers from a table keyed by "METHOD path". */
function fakeMlflow(answers: Record<string, [number, unknown]>) {
  const sent: Sent[] = [];
  const fetchImpl = (input: string | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const method = init?.method ?? "GET";
    sent.push({
      url: url.pathname + url.search,
      method,
      body:
        typeof init?.body === "string"
          ? init.body
          : init?.body
            ? Buffer.from(init.body as Buffer).toString()
            : undefined,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
    });
    const answer = answers[`${method} ${url.pathname}`];
    if (!answer) return Promise.reject(new TypeError("fetch failed"));
    const [status, body] = answer;
    return Promise.resolve(
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
    );
  };
  return { sent, fetch: fetchImpl as unknown as typeof fetch };
}

/** Drives the routes with a minimal request and a response that records what was written. */
async function call(
  routes: ReturnType<typeof createMlflowRoutes>,
  method: string,
  path: string,
  body = "",
  headers: Record<string, string> = {},
) {
  const out = { status: 0, body: "", handled: false };
  const fake = {
    headersSent: false,
    writeHead(status: number) {
      out.status = status;
      fake.headersSent = true;
    },
    end(chunk?: string | Buffer) {
      out.body = chunk ? chunk.toString() : "";
    },
    destroy() {},
  };
  const res = fake as unknown as ServerResponse;
  const req = { method, headers } as unknown as IncomingMessage;
  const url = new URL(path, "http://127.0.0.1");
  for (const route of routes) {
    if (await route(req, res, url, Buffer.from(body))) {
      out.handled = true;
      break;
    }
  }
  return { ...out, json: out.body ? (JSON.parse(out.body) as Record<string, unknown>) : undefined };
}

describe("createMlflowRoutes", () => {
  it("forwards MLflow calls unchanged, without the caller's credentials", async () => {
    const mlflow = fakeMlflow({ "POST /api/2.0/mlflow/runs/search": [200, { runs: [] }] });
    const routes = createMlflowRoutes({ mlflowUrl: "http://127.0.0.1:5000/", fetch: mlflow.fetch });
    const res = await call(routes, "POST", "/api/2.0/mlflow/runs/search?x=1", '{"experiment_ids":["1"]}', {
      authorization: "Bearer dapi-secret",
      "content-type": "application/json",
    });
    expect(res).toMatchObject({ handled: true, status: 200, json: { runs: [] } });
    expect(mlflow.sent).toEqual([
      {
        url: "/api/2.0/mlflow/runs/search?x=1",
        method: "POST",
        body: '{"experiment_ids":["1"]}',
        headers: { "content-type": "application/json" },
      },
    ]);
  });

  it("passes MLflow's error status and body through", async () => {
    const error = { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Run 'x' not found" };
    const mlflow = fakeMlflow({ "GET /api/2.0/mlflow/runs/get": [404, error] });
    const res = await call(
      createMlflowRoutes({ mlflowUrl: "http://m", fetch: mlflow.fetch }),
      "GET",
      "/api/2.0/mlflow/runs/get?run_id=x",
    );
    expect(res).toMatchObject({ status: 404, json: error });
  });

  it("rewrites the preview path and leaves other paths to the next route", async () => {
    const mlflow = fakeMlflow({ "GET /api/2.0/mlflow/experiments/get": [200, {}] });
    const routes = createMlflowRoutes({ mlflowUrl: "http://m", fetch: mlflow.fetch });
    await call(routes, "GET", "/api/2.0/preview/mlflow/experiments/get?experiment_id=1");
    expect(mlflow.sent[0]?.url).toBe("/api/2.0/mlflow/experiments/get?experiment_id=1");
    expect((await call(routes, "GET", "/api/2.2/jobs/list")).handled).toBe(false);
    expect((await call(routes, "PUT", "/api/2.1/unity-catalog/models/a.b.c")).handled).toBe(false);
  });

  it("maps UC model PATCH and DELETE (bundle deploy and destroy) onto the MLflow registry", async () => {
    const model = { registered_model: { name: "a.b.c", description: "new" } };
    const mlflow = fakeMlflow({
      "PATCH /api/2.0/mlflow/registered-models/update": [200, model],
      "DELETE /api/2.0/mlflow/registered-models/delete": [200, {}],
    });
    const routes = createMlflowRoutes({ mlflowUrl: "http://m", fetch: mlflow.fetch });
    expect(
      await call(routes, "PATCH", "/api/2.1/unity-catalog/models/a.b.c", '{"comment":"new"}'),
    ).toMatchObject({ status: 200, json: { full_name: "a.b.c", comment: "new" } });
    expect(JSON.parse(mlflow.sent[0]?.body ?? "")).toEqual({ name: "a.b.c", description: "new" });
    expect((await call(routes, "DELETE", "/api/2.1/unity-catalog/models/a.b.c")).status).toBe(200);
    expect(JSON.parse(mlflow.sent[1]?.body ?? "")).toEqual({ name: "a.b.c" });
  });

  it("answers 503 TEMPORARILY_UNAVAILABLE when MLflow is down", async () => {
    const routes = createMlflowRoutes({ mlflowUrl: "http://m", fetch: fakeMlflow({}).fetch });
    const res = await call(routes, "GET", "/api/2.0/mlflow/experiments/get?experiment_id=1");
    expect(res).toMatchObject({ status: 503, json: { error_code: "TEMPORARILY_UNAVAILABLE" } });
    const uc = await call(routes, "GET", "/api/2.1/unity-catalog/models/a.b.c");
    expect(uc).toMatchObject({ status: 503, json: { error_code: "TEMPORARILY_UNAVAILABLE" } });
  });

  it("maps the Databricks transition-stage onto MLflow's, dropping the comment", async () => {
    const answer = { model_version: { name: "m", version: "1", current_stage: "Staging" } };
    const mlflow = fakeMlflow({ "POST /api/2.0/mlflow/model-versions/transition-stage": [200, answer] });
    const routes = createMlflowRoutes({ mlflowUrl: "http://m", fetch: mlflow.fetch });
    const body =
      '{"name":"m","version":"1","stage":"Staging","archive_existing_versions":true,"comment":"qa"}';
    const res = await call(
      routes,
      "POST",
      "/api/2.0/mlflow/databricks/model-versions/transition-stage",
      body,
    );
    expect(res).toMatchObject({ status: 200, json: answer });
    expect(JSON.parse(mlflow.sent[0]?.body ?? "")).toEqual({
      name: "m",
      version: "1",
      stage: "Staging",
      archive_existing_versions: true,
    });
  });

  it("answers UC conflicts with 409 and malformed bodies with 400", async () => {
    const exists = { error_code: "RESOURCE_ALREADY_EXISTS", message: "exists" };
    const mlflow = fakeMlflow({ "POST /api/2.0/mlflow/registered-models/create": [400, exists] });
    const routes = createMlflowRoutes({ mlflowUrl: "http://m", fetch: mlflow.fetch });
    const body = '{"catalog_name":"a","schema_name":"b","name":"c"}';
    const dup = await call(routes, "POST", "/api/2.1/unity-catalog/models", body);
    expect(dup).toMatchObject({ status: 409, json: exists });
    const bad = await call(routes, "POST", "/api/2.1/unity-catalog/models", "{not json");
    expect(bad).toMatchObject({ status: 400, json: { error_code: "MALFORMED_REQUEST" } });
    const noName = await call(routes, "POST", "/api/2.1/unity-catalog/models", '{"catalog_name":"a"}');
    expect(noName).toMatchObject({ status: 400, json: { error_code: "INVALID_PARAMETER_VALUE" } });
  });

  it("sets a UC alias as an MLflow alias on the three-part name", async () => {
    const mlflow = fakeMlflow({ "POST /api/2.0/mlflow/registered-models/alias": [200, {}] });
    const routes = createMlflowRoutes({ mlflowUrl: "http://m", fetch: mlflow.fetch });
    const res = await call(
      routes,
      "PUT",
      "/api/2.1/unity-catalog/models/a.b.c/aliases/champion",
      '{"version_num":4}',
    );
    expect(res).toMatchObject({ status: 200, json: { alias_name: "champion", version_num: 4 } });
    expect(JSON.parse(mlflow.sent[0]?.body ?? "")).toEqual({
      name: "a.b.c",
      alias: "champion",
      version: "4",
    });
  });
});
