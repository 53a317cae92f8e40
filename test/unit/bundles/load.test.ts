import { describe, expect, it } from "vitest";
import { loadBundle } from "../../../shared/bundles/load.js";
import { memorySource } from "../../../shared/bundles/source.js";
import { parseYaml, MAX_EXPANDED_NODES } from "../../../shared/bundles/yaml.js";
import { toPlain } from "../../../shared/bundles/dyn.js";
import { run, errors, warnings, at } from "./fixtures.js";

describe("YAML loading", () => {
  it("reports a syntax error with file, line and column", () => {
    const r = parseYaml("databricks.yml", "bundle:\n  name: x\n  bad: [1, 2\n");
    expect(r.value).toBeUndefined();
    const d = r.diagnostics[0];
    expect(d?.severity).toBe("error");
    expect(d?.locations[0]?.file).toBe("databricks.yml");
    expect(d?.locations[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it("keeps the location of every node", () => {
    const r = parseYaml("a.yml", "bundle:\n  name: demo\n");
    const v = r.value;
    const name = v?.kind === "map" ? v.entries.get("bundle") : undefined;
    const leaf = name?.kind === "map" ? name.entries.get("name") : undefined;
    expect(leaf?.loc).toEqual({ file: "a.yml", line: 2, column: 9 });
  });

  it("stops an alias bomb at the expansion cap", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(", ")}]`);
    const r = parseYaml("bomb.yml", lines.join("\n"));
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]?.summary).toContain(`${MAX_EXPANDED_NODES}`);
  });

  it("applies merge keys, the mapping's own keys winning, and rejects a duplicate merge key", () => {
    const ok = parseYaml("m.yml", "base: &b {x: 1, y: 2}\nout:\n  <<: *b\n  y: 3\n");
    expect(at(toPlain(ok.value ?? { kind: "scalar", value: null, loc: undefined }), "out")).toEqual({ x: 1, y: 3 });
    const dup = parseYaml("m.yml", "a: &a {x: 1}\nb: &b {y: 1}\nout:\n  <<: *a\n  <<: *b\n");
    expect(dup.diagnostics[0]?.summary).toContain("duplicate YAML merge key");
    expect(dup.diagnostics[0]?.locations[0]).toEqual({ file: "m.yml", line: 5, column: 3 });
  });

  it("reports a duplicate mapping key", () => {
    expect(parseYaml("d.yml", "a: 1\na: 2\n").diagnostics[0]?.summary).toContain('mapping key "a" already defined');
  });
});

describe("includes", () => {
  it("merges included files in glob order and lists them", () => {
    const loaded = loadBundle(memorySource({
      "databricks.yml": "bundle: {name: b}\ninclude: [resources/*.yml]\n",
      "resources/b.yml": "resources: {jobs: {two: {name: two}}}\n",
      "resources/a.yml": "resources: {jobs: {one: {name: one}}}\n",
    }));
    const plain = toPlain(loaded.config ?? { kind: "scalar", value: null, loc: undefined });
    expect(Object.keys(at(plain, "resources", "jobs") as object)).toEqual(["one", "two"]);
    expect(at(plain, "include")).toEqual(["resources/a.yml", "resources/b.yml"]);
  });

  it("rejects non-YAML includes, absolute includes and a resource defined twice", () => {
    const r = run({
      "databricks.yml": "bundle: {name: b}\ninclude: ['*.py', /etc/x.yml, a.yml, b.yml]\n",
      "x.py": "", "a.yml": "resources: {jobs: {j: {name: a}}}\n", "b.yml": "resources: {jobs: {j: {name: b}}}\n",
    });
    expect(errors(r)).toEqual(expect.arrayContaining([
      "Files in the 'include' configuration section must be YAML or JSON files.",
      expect.stringContaining("/etc/x.yml") as string,
      "multiple resources have been defined with the same key: j",
    ]));
  });
});

describe("schema typing", () => {
  it("warns about an unknown key at its location and drops it", () => {
    const r = run({ "databricks.yml": "bundle: {name: b}\nresources:\n  jobs:\n    j:\n      nme: typo\n" });
    expect(warnings(r)).toContain("unknown field: nme");
    expect(r.diagnostics.find((d) => d.summary === "unknown field: nme")?.locations[0]).toEqual({ file: "databricks.yml", line: 5, column: 7 });
    expect(at(r.config, "resources", "jobs", "j", "nme")).toBeUndefined();
  });

  it("warns about a value of the wrong type and drops it, like the CLI; coerces what can be coerced", () => {
    const r = run({ "databricks.yml": "bundle: {name: b}\nresources:\n  jobs:\n    j:\n      max_concurrent_runs: lots\n      tasks: [{task_key: t, existing_cluster_id: 500}]\n      queue: {enabled: yes}\n" });
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toContain('cannot parse "lots" as an integer');
    expect(r.diagnostics.find((d) => d.summary.startsWith("cannot parse"))?.locations[0]).toEqual({ file: "databricks.yml", line: 5, column: 28 });
    expect(at(r.config, "resources", "jobs", "j", "max_concurrent_runs")).toBe(1);
    expect(at(r.config, "resources", "jobs", "j", "tasks", 0, "existing_cluster_id")).toBe("500");
    expect(at(r.config, "resources", "jobs", "j", "queue", "enabled")).toBe(true);
  });

  it("checks the type again after interpolation: a variable may bring the wrong one", () => {
    const r = run({ "databricks.yml": "bundle: {name: b}\nvariables:\n  n: {default: many}\n  m: {default: \"7\"}\nresources:\n  jobs:\n    j:\n      max_concurrent_runs: ${var.n}\n    k:\n      max_concurrent_runs: ${var.m}\n      tags: {team: [a]}\n" });
    expect(warnings(r)).toEqual(expect.arrayContaining(['cannot parse "many" as an integer', "expected string, found sequence"]));
    expect(at(r.config, "resources", "jobs", "j", "max_concurrent_runs")).toBe(1);
    expect(at(r.config, "resources", "jobs", "k", "max_concurrent_runs")).toBe(7);
    expect(at(r.config, "resources", "jobs", "k", "tags")).toEqual({});
  });
});
