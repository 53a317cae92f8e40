import { describe, expect, it } from "vitest";
import {
  createRestLookups,
  memorySource,
  validateWithLookups,
  type LookupRequest,
  type LookupTransport,
} from "../../../shared/bundles/index.js";
import { at, errors, fakeSchema, run, tester } from "./fixtures.js";

const yml = (lookup: string, extra = ""): Record<string, string> => ({
  "databricks.yml": `bundle: {name: v}\nvariables:\n  c:\n    lookup: ${lookup}\n${extra}`,
});

/** A transport serving fixed pages; records what was asked. */
function transport(
  pages: Record<string, Record<string, unknown>[]>,
): LookupTransport & { calls: { path: string; query?: unknown }[] } {
  const calls: { path: string; query?: unknown }[] = [];
  return {
    calls,
    call<T>(req: { path: string; query?: Record<string, string | string[]> }): Promise<T> {
      calls.push({ path: req.path, query: req.query });
      const list = pages[req.path] ?? [];
      const page = Number(req.query?.["page_token"] ?? 0);
      return list[page] === undefined
        ? Promise.reject(new Error(`no stub for ${req.path}`))
        : Promise.resolve(list[page] as T);
    },
  };
}

const validate = (
  files: Record<string, string>,
  api: (r: LookupRequest) => Promise<string>,
  vars: string[] = [],
) => validateWithLookups({ source: memorySource(files), currentUser: tester, schema: fakeSchema, vars }, api);

describe("lookup variables", () => {
  it("reports a lookup the pure step cannot answer, and says which", () => {
    const r = run(yml("{cluster: main}"));
    expect(r.pendingLookups).toEqual([{ kind: "cluster", name: "main" }]);
    expect(errors(r)[0]).toMatch(/^failed to resolve cluster: main, err: not resolved/);
  });

  it("resolves through the API on a second pass; --var wins without asking the API", async () => {
    const asked: LookupRequest[] = [];
    const api = (r: LookupRequest) => (asked.push(r), Promise.resolve("0123-cluster"));
    const r = await validate(yml("{cluster: main}"), api);
    expect(errors(r)).toEqual([]);
    expect(at(r.config, "variables", "c", "value")).toBe("0123-cluster");
    expect(r.pendingLookups).toBeUndefined();
    const overridden = await validate(yml("{cluster: main}"), api, ["c=given"]);
    expect(at(overridden.config, "variables", "c", "value")).toBe("given");
    expect(asked).toHaveLength(1);
  });

  it("words failures like the CLI, including malformed lookup blocks", async () => {
    const api = createRestLookups(
      transport({ "/api/2.0/policies/clusters/list": [{ policies: [{ policy_id: "1", name: "a" }] }] }),
    );
    expect(errors(await validate(yml("{cluster_policy: b}"), api))).toEqual([
      "failed to resolve cluster-policy: b, err: Policy named 'b' does not exist",
    ]);
    expect(errors(await validate(yml("{cluster: a, job: b}"), api))).toEqual([
      "failed to resolve , err: exactly one lookup field must be provided",
    ]);
  });
});

describe("REST lookups", () => {
  it("pages through clusters, filtered to API and UI clusters, and refuses ambiguous names", async () => {
    const t = transport({
      "/api/2.1/clusters/list": [
        { clusters: [{ cluster_id: "1", cluster_name: "x" }], next_page_token: "1" },
        {
          clusters: [
            { cluster_id: "2", cluster_name: "y" },
            { cluster_id: "3", cluster_name: "x" },
          ],
        },
      ],
    });
    const api = createRestLookups(t);
    await expect(api({ kind: "cluster", name: "y" })).resolves.toBe("2");
    await expect(api({ kind: "cluster", name: "x" })).rejects.toThrow(
      "there are 2 instances of clusters named 'x'",
    );
    expect(t.calls[0]?.query).toEqual({ "filter_by.cluster_sources": ["API", "UI"] });
  });

  it("says so for kinds it cannot look up, instead of guessing", async () => {
    await expect(createRestLookups(transport({}))({ kind: "dashboard", name: "d" })).rejects.toThrow(
      "looking up a dashboard by name is not supported",
    );
  });
});
