import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { anchors, brokenLinks, markdownFiles } from "./links.js";

// Issue #9: every relative link in the repository's Markdown resolves to a file (and heading anchor).

const root = join(import.meta.dirname, "..", "..");

describe("Markdown links", () => {
  it("resolve in every .md file of the repository", () => {
    const files = markdownFiles(root);
    expect(files.length).toBeGreaterThan(10);
    const problems = files.flatMap((f) => brokenLinks(f, readFileSync(f, "utf8"), root));
    expect(problems).toEqual([]);
  });

  it("report a missing file and a missing anchor, and ignore code and external links", () => {
    const file = join(root, "docs", "architecture", "probe.md");
    const text = [
      "# Probe",
      "[ok](../../README.md) [self](#probe) [ext](https://example.org/x.md) [mail](mailto:a@b)",
      "[gone](./no-such-file.md) [bad anchor](#nowhere)",
      "`[code](./not-a-link.md)`",
      "```",
      "[fenced](./not-a-link-either.md)",
      "```",
      "[ref]: ../missing/ref.md",
    ].join("\n");
    expect(brokenLinks(file, text, root)).toEqual([
      "docs/architecture/probe.md: ./no-such-file.md (no such file)",
      "docs/architecture/probe.md: #nowhere (no heading #nowhere)",
      "docs/architecture/probe.md: ../missing/ref.md (no such file)",
    ]);
  });

  it("derive GitHub-style heading anchors", () => {
    const found = anchors(
      "# 1. Introduction and goals\n## Push → deploy\n## Push → deploy\n### `npm test`, CI",
    );
    expect([...found]).toEqual(["1-introduction-and-goals", "push--deploy", "push--deploy-1", "npm-test-ci"]);
  });
});
