import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { authenticate, databricksAudience } from "../../../local/databricks/auth.js";
import { Faults } from "../../../local/databricks/faults.js";
import { ApiError } from "../../../local/databricks/http.js";
import { classifyImport, toJupyter } from "../../../local/databricks/workspace/formats.js";
import { WorkspaceStore } from "../../../local/databricks/workspace/store.js";

const bytes = (s: string): Buffer => Buffer.from(s);

describe("workspace import rules", () => {
  it("makes notebooks from SOURCE (path kept) and from AUTO with a notebook header (extension dropped), files otherwise", () => {
    expect(classifyImport("/a/x.py", bytes("y=1"), "SOURCE", "PYTHON")).toMatchObject({
      path: "/a/x.py",
      type: "NOTEBOOK",
      language: "PYTHON",
    });
    expect(
      classifyImport("/a/x.py", bytes("# Databricks notebook source\n"), "AUTO", undefined),
    ).toMatchObject({ path: "/a/x", type: "NOTEBOOK" });
    expect(
      classifyImport("/a/q.sql", bytes("-- Databricks notebook source\n"), "AUTO", undefined),
    ).toMatchObject({ path: "/a/q", language: "SQL" });
    expect(classifyImport("/a/x.py", bytes("y=1"), "AUTO", undefined)).toMatchObject({
      path: "/a/x.py",
      type: "FILE",
    });
    expect(
      classifyImport("/a/x.py", bytes("# Databricks notebook source\n"), "RAW", undefined),
    ).toMatchObject({ type: "FILE" });
    expect(() => classifyImport("/a/readme", bytes(""), "SOURCE", undefined)).toThrow(ApiError);
  });

  it("converts Jupyter notebooks both ways", () => {
    const ipynb = JSON.stringify({
      cells: [
        { cell_type: "code", source: ["a = 1\n", "b = 2"] },
        { cell_type: "markdown", source: "# Title" },
      ],
    });
    const imported = classifyImport("/n.ipynb", bytes(ipynb), "AUTO", undefined);
    expect(imported).toMatchObject({ path: "/n", type: "NOTEBOOK", language: "PYTHON" });
    expect(imported.content.toString()).toContain(
      "# Databricks notebook source\na = 1\nb = 2\n\n# COMMAND ----------\n\n# MAGIC %md",
    );
    const back = JSON.parse(toJupyter(imported.content).toString()) as { cells: { source: string }[] };
    expect(back.cells[0]?.source).toBe("a = 1\nb = 2");
  });

  it("normalises /Workspace paths, refuses relative ones, and keeps .. inside the tree", () => {
    expect(WorkspaceStore.normalise("/Workspace/Users/a/")).toBe("/Users/a");
    expect(WorkspaceStore.normalise("/Workspace")).toBe("/");
    expect(() => WorkspaceStore.normalise("relative/path")).toThrow(ApiError);
    expect(WorkspaceStore.normalise("/Users/../../etc")).toBe("/etc");
  });
});

describe("auth", () => {
  const req = (authorization?: string): IncomingMessage =>
    ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;
  const jwt = (claims: object): string =>
    `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.x`;
  const status = (f: () => void): number | undefined => {
    try {
      f();
      return undefined;
    } catch (e) {
      return (e as ApiError).status;
    }
  };

  it("accepts the PAT and Databricks-audience JWTs within exp/nbf; 401 or 403 otherwise", () => {
    expect(status(() => authenticate(req("Bearer pat-1234"), "pat-1234", 1000))).toBeUndefined();
    expect(
      status(() =>
        authenticate(
          req(`Bearer ${jwt({ aud: databricksAudience, exp: 2000, nbf: 900 })}`),
          "pat-1234",
          1000,
        ),
      ),
    ).toBeUndefined();
    expect(status(() => authenticate(req(), "pat-1234", 1000))).toBe(401);
    expect(status(() => authenticate(req("Basic abc"), "pat-1234", 1000))).toBe(401);
    expect(status(() => authenticate(req("Bearer pat-12345"), "pat-1234", 1000))).toBe(401);
    expect(
      status(() =>
        authenticate(req(`Bearer ${jwt({ aud: databricksAudience, exp: 500 })}`), "pat-1234", 1000),
      ),
    ).toBe(401);
    expect(
      status(() =>
        authenticate(
          req(`Bearer ${jwt({ aud: databricksAudience, exp: 5000, nbf: 3000 })}`),
          "pat-1234",
          1000,
        ),
      ),
    ).toBe(401);
    expect(
      status(() => authenticate(req(`Bearer ${jwt({ aud: "other", exp: 2000 })}`), "pat-1234", 1000)),
    ).toBe(403);
  });
});

describe("faults", () => {
  it("fails the next count matching calls with the status and Retry-After, then stops", async () => {
    const faults = new Faults();
    faults.add({ pathPrefix: "/api/2.2/jobs", method: "get", status: 429, retryAfterSeconds: 7, count: 2 });
    await expect(faults.apply("POST", "/api/2.2/jobs/create")).resolves.toBeUndefined();
    for (let i = 0; i < 2; i++) {
      await expect(faults.apply("GET", "/api/2.2/jobs/get")).rejects.toMatchObject({
        status: 429,
        errorCode: "REQUEST_LIMIT_EXCEEDED",
        headers: { "retry-after": "7" },
      });
    }
    await expect(faults.apply("GET", "/api/2.2/jobs/get")).resolves.toBeUndefined();
    expect(() => faults.add({ path: "/x", status: 418 })).toThrow(ApiError);
  });

  it("delays a call by latencyMs without failing it when no status is given", async () => {
    const faults = new Faults();
    faults.add({ path: "/api/2.2/jobs/runs/get", latencyMs: 20, count: 1 });
    const order: string[] = [];
    // Ordering, not timing: the delayed call started first but finishes after an undelayed one.
    const slow = faults.apply("GET", "/api/2.2/jobs/runs/get").then(() => order.push("delayed"));
    await faults.apply("GET", "/api/2.2/jobs/get").then(() => order.push("plain"));
    await slow;
    expect(order).toEqual(["plain", "delayed"]);
  });

  it("hands out run faults per job, count times", () => {
    const faults = new Faults();
    faults.add({ runFailure: { jobId: "1100000000000000001", kind: "internalError", count: 1 } });
    expect(faults.takeRunFault("1100000000000000009")).toBeUndefined();
    expect(faults.takeRunFault("1100000000000000001")).toBe("internalError");
    expect(faults.takeRunFault("1100000000000000001")).toBeUndefined();
  });
});
