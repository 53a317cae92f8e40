import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { readAppVersion } from "../../../shared/runtime/app-version.js";

function appAt(pkg: string | undefined): string {
  const root = mkdtempSync(join(tmpdir(), "app-version-"));
  if (pkg !== undefined) writeFileSync(join(root, "package.json"), pkg);
  mkdirSync(join(root, "dist", "shared", "runtime"), { recursive: true });
  return pathToFileURL(join(root, "dist", "shared", "runtime", "app-version.js")).href;
}

describe("readAppVersion", () => {
  it("finds the nearest package.json above the module", () => {
    expect(readAppVersion(appAt('{"version":"1.2.3"}'))).toBe("1.2.3");
  });

  it("reads this repository's version from source", () => {
    expect(readAppVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each(['{"name":"x"}', "not json"])("says unknown for %j", (pkg) => {
    expect(readAppVersion(appAt(pkg))).toBe("unknown");
  });
});
