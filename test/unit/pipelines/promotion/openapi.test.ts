import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import {
  decisionBody,
  rollbackBody,
  startPromotionBody,
  statusQuery,
} from "../../../../shared/pipelines/promotion/api-schemas.js";
import { promote } from "../../../../shared/pipelines/promotion/routes.js";

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string }>>;
  components: { schemas: Record<string, unknown> };
}
const doc = parse(readFileSync("docs/api/openapi.yaml", "utf8")) as OpenApi;

/** Descriptions are documentation only; everything else must match what zod validates. */
function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "description")
      .map(([k, v]) => [k, withoutDescriptions(v)]),
  );
}

function jsonSchema(schema: z.ZodType): unknown {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
  return rest;
}

const METHODS = ["get", "post", "put", "patch", "delete"];
const routes = promote.api({
  settings: () => ({ approvalTimeoutSeconds: 60, reminderWebhook: false, devPrincipal: false }),
});

describe("docs/api/openapi.yaml", () => {
  it("is OpenAPI 3.1", () => {
    expect(doc.openapi).toBe("3.1.0");
  });

  it.each([
    ["StartPromotionRequest", startPromotionBody],
    ["DecisionRequest", decisionBody],
    ["RollbackRequest", rollbackBody],
    ["PromotionStatus", statusQuery],
  ] as const)("schema %s matches the zod schema", (name, schema) => {
    expect(withoutDescriptions(doc.components.schemas[name])).toEqual(jsonSchema(schema));
  });

  it("documents exactly the registered routes, with their function names as operation ids", () => {
    // The pipeline routes share the file; test/unit/pipelines/train-evaluate-register/openapi.test.ts owns them.
    const promotionPaths = Object.entries(doc.paths).filter(([path]) => path.startsWith("/api/promotions"));
    const documented = promotionPaths.flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    const registered = routes.map((r) => `${r.method} /api/${r.route} ${r.name}`);
    expect(documented.sort()).toEqual(registered.sort());
  });
});
