import { describe, expect, it } from "vitest";
import { run, errors, at } from "./fixtures.js";

const files = (task: string): Record<string, string> => ({
  "databricks.yml": "bundle: {name: p}\ninclude: [resources/*.yml]\n",
  "resources/job.yml": `resources:\n  jobs:\n    j:\n      tasks:\n        - task_key: t\n${task}`,
  "src/nb.py": "# Databricks notebook source\n",
  "src/main.py": "print(1)\n",
});
const FILES = "/Workspace/Users/tester@databricks.com/.bundle/p/default/files";

describe("path translation", () => {
  it("resolves paths against the YAML file that declares them; notebooks lose their extension", () => {
    const r = run(files("          notebook_task: {notebook_path: ../src/nb.py}\n          spark_python_task: {python_file: ../src/main.py}\n          libraries: [{whl: ../dist/x.whl}]\n"));
    expect(errors(r)).toEqual([]);
    const task = at(r.config, "resources", "jobs", "j", "tasks", 0);
    expect(at(task, "notebook_task", "notebook_path")).toBe(`${FILES}/src/nb`);
    expect(at(task, "spark_python_task", "python_file")).toBe(`${FILES}/src/main.py`);
    expect(at(task, "libraries", 0, "whl")).toBe("dist/x.whl");
  });

  it("reports a missing file with its location", () => {
    const r = run(files("          spark_python_task: {python_file: ./missing.py}\n"));
    expect(errors(r)).toEqual(["file resources/missing.py not found"]);
    expect(r.diagnostics[0]?.locations[0]?.file).toBe("resources/job.yml");
  });

  it("refuses a path escaping the sync root via ..", () => {
    const r = run(files("          spark_python_task: {python_file: ../../outside.py}\n"));
    expect(errors(r)).toEqual(["path ../outside.py is not contained in sync root path"]);
  });

  it("leaves absolute (workspace) paths and git-sourced tasks alone", () => {
    const abs = run(files("          notebook_task: {notebook_path: /Shared/nb}\n"));
    expect(at(abs.config, "resources", "jobs", "j", "tasks", 0, "notebook_task", "notebook_path")).toBe("/Shared/nb");
    const git = run({ ...files("          notebook_task: {notebook_path: repo/nb}\n"), "resources/job.yml": "resources:\n  jobs:\n    j:\n      git_source: {git_url: u, git_provider: gitHub}\n      tasks:\n        - {task_key: t, notebook_task: {notebook_path: repo/nb}}\n" });
    expect(at(git.config, "resources", "jobs", "j", "tasks", 0, "notebook_task")).toEqual({ notebook_path: "repo/nb", source: "GIT" });
  });
});
