import { describe, expect, it } from "vitest";
import { run, errors, at } from "./fixtures.js";

describe("interpolation", () => {
  it("resolves bundle, workspace and var references, keeping the type of a lone reference", () => {
    const r = run({ "databricks.yml": `bundle: {name: demo}
variables:
  n: {default: 3}
  who: {default: "\${workspace.current_user.short_name}"}
resources:
  jobs:
    j:
      name: "\${bundle.name}-\${var.who}-\${var.n}"
      max_concurrent_runs: \${var.n}
      tags: {path: "\${workspace.file_path}"}
` });
    expect(errors(r)).toEqual([]);
    expect(at(r.config, "resources", "jobs", "j", "name")).toBe("demo-tester-3");
    expect(at(r.config, "resources", "jobs", "j", "max_concurrent_runs")).toBe(3);
    expect(at(r.config, "resources", "jobs", "j", "tags", "path")).toBe("/Workspace/Users/tester@databricks.com/.bundle/demo/default/files");
  });

  it("resolves nested references, complex variables and their fields", () => {
    const r = run({ "databricks.yml": `bundle: {name: demo}
variables:
  tail: {default: x}
  foo_x: {default: picked}
  final: {default: "\${var.foo_\${var.tail}}"}
  cluster: {type: complex, default: {node_type_id: n1, num_workers: 2}}
resources:
  jobs:
    j:
      name: "\${var.final}"
      job_clusters:
        - {job_cluster_key: a, new_cluster: "\${var.cluster}"}
        - {job_cluster_key: b, new_cluster: {node_type_id: "\${var.cluster.node_type_id}", num_workers: 1}}
` });
    expect(at(r.config, "resources", "jobs", "j", "name")).toBe("picked");
    expect(at(r.config, "resources", "jobs", "j", "job_clusters", 0, "new_cluster")).toEqual({ node_type_id: "n1", num_workers: 2 });
    expect(at(r.config, "resources", "jobs", "j", "job_clusters", 1, "new_cluster", "node_type_id")).toBe("n1");
  });

  it("leaves resource references for deploy time", () => {
    const r = run({ "databricks.yml": "bundle: {name: d}\nresources:\n  jobs:\n    a: {name: a}\n    b: {name: \"${resources.jobs.a.id}\"}\n" });
    expect(at(r.config, "resources", "jobs", "b", "name")).toBe("${resources.jobs.a.id}");
  });

  it("detects a cycle and names the chain", () => {
    const r = run({ "databricks.yml": "bundle: {name: d}\nvariables:\n  a: {default: \"${var.b}\"}\n  b: {default: \"${var.a}\"}\n" });
    expect(errors(r)).toEqual(["cycle detected in field resolution: variables.a.default -> var.b -> var.a -> var.b"]);
  });

  it("reports a missing variable value and a reference to an undefined variable", () => {
    const missing = run({ "databricks.yml": "bundle: {name: d}\nvariables:\n  a: {description: needed}\n" });
    expect(errors(missing)[0]).toMatch(/^no value assigned to required variable a\. .*BUNDLE_VAR_a/);
    const undefinedRef = run({ "databricks.yml": "bundle: {name: d}\nresources: {jobs: {j: {name: \"${var.nope}\"}}}\n" });
    expect(errors(undefinedRef)).toEqual(["reference does not exist: ${var.nope}"]);
  });

  it("takes --var over BUNDLE_VAR_ over target values over defaults, and refuses a repeated --var", () => {
    const yml = "bundle: {name: d}\nvariables:\n  a: {default: def}\ntargets:\n  t: {variables: {a: tgt}}\n";
    expect(at(run({ "databricks.yml": yml }).config, "variables", "a", "value")).toBe("tgt");
    expect(at(run({ "databricks.yml": yml }, { env: { BUNDLE_VAR_a: "env" } }).config, "variables", "a", "value")).toBe("env");
    expect(at(run({ "databricks.yml": yml }, { vars: ["a=cli"], env: { BUNDLE_VAR_a: "env" } }).config, "variables", "a", "value")).toBe("cli");
    expect(errors(run({ "databricks.yml": yml }, { vars: ["a=1", "a=2"] }))).toEqual(["failed to assign 2 to a: variable has already been assigned value: 1"]);
  });

  it("refuses lookup variables nobody resolved, naming the lookup (lookup.test.ts covers resolving)", () => {
    const r = run({ "databricks.yml": "bundle: {name: d}\nvariables:\n  c: {lookup: {cluster: main}}\n" });
    expect(errors(r)).toEqual(["failed to resolve cluster: main, err: not resolved: this step has no workspace access (resolve lookups through the API first, or assign the variable with --var)"]);
    expect(errors(run({ "databricks.yml": "bundle: {name: d}\nvariables:\n  c: {lookup: {cluster: main}}\n" }, { vars: ["c=123"] }))).toEqual([]);
  });
});
