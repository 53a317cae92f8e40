import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bundleTriggerSource, loadBundleSidecars } from "../../../shared/pipelines/config/files.js";
import { PipelineConfigError } from "../../../shared/pipelines/config/index.js";

const bundlesDir = new URL("../../../bundles/", import.meta.url).pathname;
let temp: string | undefined;
afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

describe("bundle sidecars", () => {
  it("finds the churn bundle's orchestrator.yml and compiles its triggers", () => {
    expect(loadBundleSidecars(bundlesDir).map((s) => s.bundle)).toContain("churn");
    const names = bundleTriggerSource(bundlesDir)().map((t) => t.trigger.name);
    expect(names).toEqual(expect.arrayContaining(["customers-local", "customers-dev", "customers-staging"]));
  });

  it("names the bundle's file in errors, and only when a trigger is first needed", () => {
    temp = mkdtempSync(join(tmpdir(), "bundles-"));
    mkdirSync(join(temp, "broken"));
    writeFileSync(join(temp, "broken", "orchestrator.yml"), "version: 2\n");
    const source = bundleTriggerSource(temp);
    expect(source).toThrow(PipelineConfigError);
    expect(source).toThrow(/^broken\/orchestrator\.yml is invalid: version: must be 1/);
  });

  it("returns nothing for a missing folder", () => {
    expect(loadBundleSidecars("/nonexistent/bundles")).toEqual([]);
  });
});
