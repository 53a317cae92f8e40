import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../../../shared/bundles/index.js";
import { findResourceCycle } from "../../../shared/bundles/refs.js";
import { map, scalar } from "../../../shared/bundles/dyn.js";
import { renderJson } from "../../../shared/bundles/render.js";
import { run, errors, warnings } from "./fixtures.js";

describe("validation", () => {
  it("rejects unsupported resource types, naming the type and the CLI", () => {
    const r = run({ "databricks.yml": "bundle: {name: v}\nresources:\n  pipelines:\n    p: {name: x}\n" });
    expect(errors(r)).toEqual(['resource type "pipelines" is not supported by this engine; deploy it with the Databricks CLI (databricks bundle deploy)']);
    expect(renderDiagnostic(r.diagnostics[0] ?? { severity: "error", summary: "", locations: [], paths: [] })).toContain("in databricks.yml:4:5");
  });

  it("reports declared-but-empty resources, missing required fields and bad enum values like the CLI", () => {
    const r = run({ "databricks.yml": "bundle: {name: v}\nresources:\n  jobs:\n    empty:\n    j:\n      tasks:\n        - {task_key: t, run_if: SOMETIMES, notebook_task: {source: GIT}}\n" });
    expect(errors(r)).toContain("job empty is not defined");
    expect(warnings(r)).toEqual(expect.arrayContaining(['required field "notebook_path" is not set', 'invalid value "SOMETIMES" for enum field. Valid values are [ALL_DONE ALL_SUCCESS]']));
  });

  it("refuses references to Terraform-only fields and interpolated hosts", () => {
    const url = run({ "databricks.yml": "bundle: {name: v}\nresources:\n  jobs:\n    a: {name: a}\n    b: {name: \"${resources.jobs.a.url}\"}\n" });
    expect(errors(url)[0]).toContain('"resources.jobs.a.url": Terraform-only field');
    const host = run({ "databricks.yml": "bundle: {name: v}\nvariables: {h: {default: x}}\nworkspace: {host: \"${var.h}\"}\n" });
    expect(warnings(host)).toContain("Variable interpolation is not supported for fields that configure authentication");
    expect(errors(host)).toHaveLength(1);
  });

  it("knows the CLI's Terraform-only job fields, and only those", () => {
    const ref = (field: string) => run({ "databricks.yml": `bundle: {name: v}\nresources:\n  jobs:\n    a: {name: a}\n    b: {name: "\${resources.jobs.a.${field}}"}\n` });
    expect(errors(ref("always_running"))[0]).toContain('"resources.jobs.a.always_running": Terraform-only field');
    expect(errors(ref("new_cluster.num_workers"))[0]).toContain("Terraform-only field");
    expect(errors(ref("name"))).toEqual([]);
    expect(errors(ref("new_cluster"))).toEqual([]);
  });

  it("refuses variable references in resource keys, in the root and in targets", () => {
    const r = run({ "databricks.yml": "bundle: {name: v}\nresources:\n  jobs:\n    ${var.e}_a: {name: a}\n    b: {name: b}\ntargets:\n  dev:\n    resources:\n      jobs:\n        ${var.e}_c: {name: c}\n" });
    expect(errors(r)).toEqual(['resource key "${var.e}_a" must not contain variable references', 'resource key "${var.e}_c" must not contain variable references']);
    expect(renderDiagnostic(r.diagnostics.find((d) => d.summary.includes("_c")) ?? r.diagnostics[0]!)).toContain("at targets.dev.resources.jobs.${var.e}_c");
    expect(r.config).toBeUndefined();
  });

  it("finds resource dependency cycles for the planner", () => {
    const job = (ref: string) => map([["name", scalar(`\${resources.jobs.${ref}.id}`)]]);
    const config = map([["resources", map([["jobs", map([["a", job("b")], ["b", job("a")], ["c", job("a")]])]])]]);
    expect(findResourceCycle(config)).toEqual(["resources.jobs.a", "resources.jobs.b", "resources.jobs.a"]);
  });

  it("renders JSON like the CLI: sorted keys, exact big integers, Go HTML escaping", () => {
    expect(renderJson({ b: 9223372036854775807n, a: "x>y" }, { htmlEscape: true })).toBe('{\n  "a": "x\\u003ey",\n  "b": 9223372036854775807\n}');
  });
});
