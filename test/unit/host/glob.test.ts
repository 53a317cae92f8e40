import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { globFiles, globToRegExp } from "../../../local/host/glob.js";

describe("glob subset of package.json main", () => {
  it.each([
    ["dist/functions/*.js", "dist/functions/a.js", true],
    ["dist/functions/*.js", "dist/functions/sub/a.js", false],
    ["dist/**/*.js", "dist/a.js", true],
    ["dist/**/*.js", "dist/x/y/a.js", true],
    ["dist/**/*.js", "dist/x/a.ts", false],
    ["dist/src/{index.js,functions/*.js}", "dist/src/index.js", true],
    ["dist/src/{index.js,functions/*.js}", "dist/src/functions/f.js", true],
    ["dist/src/{index.js,functions/*.js}", "dist/src/other.js", false],
    ["a?.js", "ab.js", true],
    ["a.js", "aXjs", false],
  ])("%s vs %s", (pattern, path, expected) => {
    expect(globToRegExp(pattern).test(path)).toBe(expected);
  });

  it("lists matching files sorted, skipping node_modules", () => {
    const root = mkdtempSync(join(tmpdir(), "glob-"));
    for (const f of ["dist/src/index.js", "dist/src/functions/b.js", "dist/src/functions/a.js", "dist/src/functions/a.js.map", "dist/src/node_modules/x.js"]) {
      mkdirSync(join(root, f, ".."), { recursive: true });
      writeFileSync(join(root, f), "");
    }
    expect(globFiles(root, "./dist/src/{index.js,functions/*.js}")).toEqual(["dist/src/functions/a.js", "dist/src/functions/b.js", "dist/src/index.js"]);
    expect(globFiles(root, "dist/**/*.js")).toEqual(["dist/src/functions/a.js", "dist/src/functions/b.js", "dist/src/index.js"]);
    expect(globFiles(root, "missing/*.js")).toEqual([]);
  });
});
