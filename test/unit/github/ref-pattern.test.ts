import { describe, expect, it } from "vitest";
import { matchesRef, parseRef } from "../../../shared/github/ref-pattern.js";

describe("matchesRef", () => {
  it.each([
    ["main", "main", true],
    ["main", "main2", false],
    ["v*", "v1.2.3", true],
    ["v*", "xv1", false],
    ["release/*", "release/2026.1", true],
    ["release/*", "release/a/b", false],
    ["release/**", "release/a/b", true],
    ["v?.0", "v1.0", true],
    ["v?.0", "v10.0", false],
    ["v1.0", "v1x0", false], // `.` is literal
    ["(a|b)", "a", false], // regex syntax is literal
    ["feat/[x]", "feat/[x]", true],
    ["rel/*", "rel/ünï-🚀", true],
  ])("%s ~ %s → %s", (pattern, name, expected) => {
    expect(matchesRef(pattern, name)).toBe(expected);
  });
});

describe("parseRef", () => {
  it("splits branches and tags and leaves everything else aside", () => {
    expect(parseRef("refs/heads/feature/x")).toEqual({ kind: "branch", name: "feature/x" });
    expect(parseRef("refs/tags/v1")).toEqual({ kind: "tag", name: "v1" });
    expect(parseRef("refs/heads/")).toEqual({ kind: "other", ref: "refs/heads/" });
    expect(parseRef("refs/pull/1/head")).toEqual({ kind: "other", ref: "refs/pull/1/head" });
  });
});
