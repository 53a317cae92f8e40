import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { memorySource } from "../../../shared/bundles/source.js";
import { discoverBundles } from "../../../shared/github/bundle-layout.js";
import { allBundles, changedBundles } from "../../../shared/github/changed-bundles.js";

const churnYml = readFileSync("bundles/churn/databricks.yml", "utf8");

const repo = memorySource({
  "README.md": "",
  "bundles/churn/databricks.yml": churnYml,
  "bundles/churn/resources/train.yml": "",
  "bundles/churn/src/train.py": "",
  "bundles/scoring/databricks.yml": [
    "bundle: { name: scoring }",
    "include: ['jobs/*.yml']",
    "sync:",
    "  paths: ['.', '../../libs/common']",
    "targets:",
    "  prod:",
    "    sync: { paths: ['../../libs/prod-only'] }",
    "  staging: {}",
  ].join("\n"),
  "bundles/scoring/jobs/a.yml": "",
  "bundles/notes/README.md": "",
  "bundles/broken/databricks.yml": "bundle: [unclosed",
  "bundles/escape/databricks.yml": "bundle: { name: escape }\nsync: { paths: ['../../../outside'] }",
  "libs/common/util.py": "",
});

const layout = (target = "staging") => discoverBundles(repo, "bundles", target);

describe("discoverBundles", () => {
  it("finds every bundle folder and reports folders that are not bundles", () => {
    expect(layout().map((b) => (b.kind === "bundle" ? `ok:${b.name}` : `invalid:${b.root}`))).toEqual([
      "invalid:bundles/broken",
      "ok:churn",
      "ok:escape",
      "invalid:bundles/notes",
      "ok:scoring",
    ]);
    expect(layout().find((b) => b.root === "bundles/notes")).toMatchObject({
      reason: "no databricks.yml in the bundle folder",
    });
  });

  it("watches the folder, its includes and the sync paths of the deployed target", () => {
    const scoring = layout("prod").find((b) => b.kind === "bundle" && b.name === "scoring");
    expect(scoring).toMatchObject({
      watch: [
        { kind: "folder", path: "bundles/scoring" },
        { kind: "glob", pattern: "bundles/scoring/jobs/*.yml" },
        { kind: "folder", path: "bundles/scoring" },
        { kind: "folder", path: "libs/common" },
        { kind: "folder", path: "libs/prod-only" },
      ],
    });
  });

  it("drops sync paths that leave the repository", () => {
    const escape = layout().find((b) => b.kind === "bundle" && b.name === "escape");
    expect(escape).toMatchObject({ watch: [{ kind: "folder", path: "bundles/escape" }] });
  });

  it("refuses YAML alias bombs instead of expanding them", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`,
      ),
    ].join("\n");
    const found = discoverBundles(memorySource({ "bundles/b/databricks.yml": bomb }), "bundles", "staging");
    expect(found).toEqual([
      { kind: "invalid", root: "bundles/b", reason: "databricks.yml: too many YAML aliases" },
    ]);
  });
});

describe("changedBundles", () => {
  it("deploys only bundles whose folder changed", () => {
    const result = changedBundles(layout(), ["README.md", "bundles/churn/src/train.py"], "bundles");
    expect(result).toEqual({
      changed: ["churn"],
      unchanged: ["escape", "scoring"],
      invalid: [],
      removed: [],
    });
  });

  it("deploys every bundle that syncs a changed shared library", () => {
    expect(changedBundles(layout(), ["libs/common/util.py"], "bundles").changed).toEqual(["scoring"]);
    expect(changedBundles(layout("staging"), ["libs/prod-only/x.py"], "bundles").changed).toEqual([]);
    expect(changedBundles(layout("prod"), ["libs/prod-only/x.py"], "bundles").changed).toEqual(["scoring"]);
  });

  it("does not confuse a folder with a longer sibling name", () => {
    expect(
      changedBundles(layout(), ["bundles/churn2/x.py", "libs/commonality/x"], "bundles").changed,
    ).toEqual([]);
  });

  it("reports touched invalid folders and removed bundles, and deploys nothing for them", () => {
    const result = changedBundles(
      layout(),
      [
        "bundles/broken/databricks.yml",
        "bundles/notes/README.md",
        "bundles/gone/databricks.yml",
        "bundles/gone/src/x.py",
      ],
      "bundles",
    );
    expect(result.changed).toEqual([]);
    expect(result.invalid.map((i) => i.root)).toEqual(["bundles/broken", "bundles/notes"]);
    expect(result.removed).toEqual(["bundles/gone"]);
  });

  it("a push changing no bundle changes nothing", () => {
    expect(changedBundles(layout(), ["README.md", "docs/x.md"], "bundles").changed).toEqual([]);
  });

  it("allBundles lists every valid bundle for a comparison-free deploy", () => {
    expect(allBundles(layout()).changed).toEqual(["churn", "escape", "scoring"]);
  });
});
