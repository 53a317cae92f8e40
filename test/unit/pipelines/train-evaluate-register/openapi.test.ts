import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { pipelineRoutes } from "../../../../shared/pipelines/train-evaluate-register/status.handler.js";
import type { PipelineStatusBody } from "../../../../shared/pipelines/train-evaluate-register/status.js";
import {
  DEFAULT_TOP,
  LIST_QUERY_PARAMS,
  MAX_TOP,
} from "../../../../shared/pipelines/train-evaluate-register/status-query.js";

interface Parameter {
  name: string;
  in: string;
  schema: { minimum?: number; maximum?: number; default?: number };
}
interface OpenApi {
  paths: Record<string, Record<string, { operationId?: string; parameters?: Parameter[] }>>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
}
const doc = parse(readFileSync("docs/api/openapi.yaml", "utf8")) as OpenApi;

describe("docs/api/openapi.yaml: the pipeline status API", () => {
  it("documents exactly the registered pipeline routes, with their function names as operation ids", () => {
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/api/pipelines"))
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
      );
    const registered = pipelineRoutes(() => ({
      get: () => Promise.resolve(undefined),
      list: () => Promise.resolve({ statuses: [], continuationToken: null }),
    })).map((r) => `${r.method} /api/${r.route} ${r.name}`);
    expect(documented.sort()).toEqual(registered.sort());
  });

  it("requires every field of the status body the contract names", () => {
    const fields: Record<keyof PipelineStatusBody, true> = {
      instanceId: true,
      runtimeStatus: true,
      bundle: true,
      target: true,
      outcome: true,
      steps: true,
      metrics: true,
      gate: true,
      model: true,
      lineage: true,
      error: true,
    };
    const schema = doc.components.schemas["Pipeline"];
    expect(Object.keys(schema?.properties ?? {}).sort()).toEqual(Object.keys(fields).sort());
    expect(schema?.required?.sort()).toEqual(
      Object.keys(fields)
        .filter((f) => f !== "error")
        .sort(),
    );
  });

  it("documents exactly the list's query parameters, with the limits the handler enforces", () => {
    const params = doc.paths["/api/pipelines"]?.["get"]?.parameters ?? [];
    expect(
      params
        .filter((p) => p.in === "query")
        .map((p) => p.name)
        .sort(),
    ).toEqual([...LIST_QUERY_PARAMS].sort());
    expect(params.find((p) => p.name === "top")?.schema).toMatchObject({
      minimum: 1,
      maximum: MAX_TOP,
      default: DEFAULT_TOP,
    });
    expect(doc.components.schemas["PipelineList"]?.required).toContain("continuationToken");
  });
});
