import { describe, expect, it } from "vitest";
import { collectFiles, type LocalTree, type TreeEntry } from "../../../../shared/bundles/deploy/fileset.js";
import { isIgnored, parseIgnore } from "../../../../shared/bundles/deploy/ignore.js";

function tree(files: Record<string, string>, ancestors: { text: string; prefix: string }[] = []): LocalTree {
  const listDir = (dir: string): TreeEntry[] => {
    const prefix = dir === "." ? "" : `${dir}/`;
    const seen = new Map<string, TreeEntry>();
    for (const [p, text] of Object.entries(files)) {
      if (!p.startsWith(prefix)) continue;
      const [name, ...rest] = p.slice(prefix.length).split("/");
      if (name !== undefined)
        seen.set(name, { name, dir: rest.length > 0, size: rest.length > 0 ? 0 : text.length });
    }
    return [...seen.values()];
  };
  return {
    listDir,
    readText: (p) => files[p],
    read: (p) => new TextEncoder().encode(files[p] ?? ""),
    ancestorIgnores: () => ancestors,
  };
}

describe("gitignore rules", () => {
  const rules = parseIgnore("# comment\n*.log\n!keep.log\nbuild/\n/top.txt\ndocs/**/*.tmp\n\\#hash\n", "");
  it.each([
    ["a.log", false, true],
    ["deep/b.log", false, true],
    ["keep.log", false, false],
    ["build", true, true],
    ["build", false, false],
    ["src/build", true, true],
    ["top.txt", false, true],
    ["src/top.txt", false, false],
    ["docs/a/b/c.tmp", false, true],
    ["docs/c.tmp", false, true],
    ["#hash", false, true],
    ["main.py", false, false],
  ])("%s (dir %s) ignored: %s", (path, dir, ignored) => {
    expect(isIgnored(rules, path, dir)).toBe(ignored);
  });

  it("rules of a nested .gitignore apply below its folder only", () => {
    const nested = parseIgnore("*.csv\n", "data");
    expect(isIgnored(nested, "data/x.csv", false)).toBe(true);
    expect(isIgnored(nested, "x.csv", false)).toBe(false);
  });
});

describe("collectFiles", () => {
  const files = {
    ".gitignore": "*.log\nout/\n",
    "databricks.yml": "",
    "src/a.py": "a",
    "src/.gitignore": "secret.py\n",
    "src/secret.py": "s",
    "debug.log": "x",
    "out/big.bin": "b",
    ".git/config": "",
    ".databricks/bundle/x.json": "",
  };

  it("honours .gitignore files at every level and never takes .git or .databricks", () => {
    expect(collectFiles(tree(files), { include: [], exclude: [] }).map((f) => f.path)).toEqual([
      ".gitignore",
      "databricks.yml",
      "src/.gitignore",
      "src/a.py",
    ]);
  });

  it("sync.include brings ignored files back, sync.exclude wins over both", () => {
    const got = collectFiles(tree(files), { include: ["out/**", "*.log"], exclude: ["src/**"] }).map(
      (f) => f.path,
    );
    expect(got).toEqual([".gitignore", "databricks.yml", "debug.log", "out/big.bin"]);
  });

  it("a .gitignore above the bundle root (same repository) applies to the bundle's paths", () => {
    const got = collectFiles(
      tree(files, [{ text: "bundles/demo/src/a.py\n*.yml\n", prefix: "bundles/demo" }]),
      { include: [], exclude: [] },
    );
    expect(got.map((f) => f.path)).toEqual([".gitignore", "src/.gitignore"]);
  });
});
