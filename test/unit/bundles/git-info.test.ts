import { describe, expect, it } from "vitest";
import { validateBundle } from "../../../shared/bundles/engine.js";
import { memorySource } from "../../../shared/bundles/source.js";
import { at, errors, fakeSchema, tester } from "./fixtures.js";

const sha = "0123456789abcdef0123456789abcdef01234567";
const yml = 'bundle: {name: g}\nresources:\n  jobs:\n    j: {name: "build ${bundle.git.commit}"}\n';

const validate = (
  files: Record<string, string>,
  git?: { commit: string; branch?: string; originUrl?: string },
) =>
  validateBundle({
    source: memorySource(files),
    currentUser: tester,
    schema: fakeSchema,
    ...(git === undefined ? {} : { git }),
  });

describe("bundle.git from the commit being deployed", () => {
  it("fills commit, origin_url and the inferred branch, and ${bundle.git.commit} resolves", () => {
    const r = validate(
      { "databricks.yml": yml },
      { commit: sha, branch: "main", originUrl: "https://github.com/acme/ml.git" },
    );
    expect(errors(r)).toEqual([]);
    expect(at(r.config, "bundle", "git")).toEqual({
      commit: sha,
      origin_url: "https://github.com/acme/ml.git",
      actual_branch: "main",
      branch: "main",
      inferred: true,
      bundle_root_path: ".",
    });
    expect(at(r.config, "resources", "jobs", "j", "name")).toBe(`build ${sha}`);
  });

  it("keeps a branch the user set (not inferred) while the commit still comes from the repository", () => {
    const r = validate(
      { "databricks.yml": "bundle:\n  name: g\n  git: {branch: release}\n" },
      { commit: sha, branch: "main" },
    );
    expect(at(r.config, "bundle", "git", "branch")).toBe("release");
    expect(at(r.config, "bundle", "git", "actual_branch")).toBe("main");
    expect(at(r.config, "bundle", "git", "inferred")).toBeUndefined();
    expect(at(r.config, "bundle", "git", "commit")).toBe(sha);
  });

  it("without a commit shows only the bundle's path, as before", () => {
    expect(at(validate({ "databricks.yml": "bundle: {name: g}\n" }).config, "bundle", "git")).toEqual({
      bundle_root_path: ".",
    });
  });
});
