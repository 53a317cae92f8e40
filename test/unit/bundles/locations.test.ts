import { describe, expect, it } from "vitest";
import { memorySource, validateBundle } from "../../../shared/bundles/index.js";
import { fakeSchema, tester, at } from "./fixtures.js";

const files = {
  "databricks.yml":
    "bundle:\n  name: l\ninclude:\n  - job.yml\ntargets:\n  dev:\n    resources:\n      jobs:\n        j:\n          tasks:\n            - task_key: t\n              notebook_task: {notebook_path: ./nb.py}\n",
  "job.yml":
    "resources:\n  jobs:\n    j:\n      name: j\n      tasks:\n        - task_key: t\n          existing_cluster_id: c\n",
  "nb.py": "# Databricks notebook source\n",
};

describe("validate --include-locations", () => {
  it("lists where each recorded path was written, base first, then the target override", () => {
    const r = validateBundle({
      source: memorySource(files),
      currentUser: tester,
      schema: fakeSchema,
      target: "dev",
      includeLocations: true,
    });
    const locs = at(r.config, "__locations");
    expect(at(locs, "files")).toEqual(["databricks.yml", "job.yml"]);
    expect(at(locs, "version")).toBe(1);
    expect(at(locs, "locations", "resources.jobs.j")).toEqual([
      [1, 4, 7],
      [0, 10, 11],
    ]);
    expect(at(locs, "locations", "resources.jobs.j.tasks")).toEqual([
      [1, 6, 9],
      [0, 11, 13],
    ]);
    expect(at(locs, "locations", "resources.jobs.j.tasks[0]")).toEqual([
      [1, 6, 11],
      [0, 11, 15],
    ]);
    expect(at(locs, "locations", "include")).toEqual([[0, 4, 3]]);
    // Computed sections (workspace, sync) were written nowhere; nested fields are not recorded.
    expect(at(locs, "locations", "workspace")).toBeUndefined();
    expect(at(locs, "locations", "resources.jobs.j.name")).toBeUndefined();
  });

  it("is absent unless asked for", () => {
    const r = validateBundle({
      source: memorySource(files),
      currentUser: tester,
      schema: fakeSchema,
      target: "dev",
    });
    expect(at(r.config, "__locations")).toBeUndefined();
  });
});
