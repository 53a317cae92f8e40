import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeSettings, renderConfigDoc, renderSampleSettings } from "../../../shared/config/docs.js";
import { configSchema, settingGroups } from "../../../shared/config/schema.js";
import { loadConfig } from "../../../shared/config/load.js";
import { setting } from "../../../shared/config/setting.js";

const fix = "Run `npm run docs:config` and commit the result.";

describe("generated configuration files", () => {
  it("local.settings.sample.json matches the schema", () => {
    expect(readFileSync("local.settings.sample.json", "utf8"), fix).toBe(renderSampleSettings(settingGroups));
  });

  it("docs/configuration.md matches the schema", () => {
    expect(readFileSync("docs/configuration.md", "utf8"), fix).toBe(renderConfigDoc(settingGroups));
  });

  it("the sample settings are themselves a valid configuration", () => {
    const sample = JSON.parse(renderSampleSettings(settingGroups)) as { Values: Record<string, string> };
    expect(() => loadConfig(sample.Values)).not.toThrow();
  });

  it("every key of the schema is documented", () => {
    const documented = describeSettings(settingGroups).map((d) => d.name);
    expect(documented.sort()).toEqual(Object.keys(configSchema.in.shape).sort());
  });
});

describe("describeSettings", () => {
  it("derives required and default from the schema", () => {
    const rows = describeSettings(settingGroups);
    // Optional on its own: exactly one of it and AzureWebJobsStorage__accountName is required (load.ts).
    expect(rows.find((r) => r.name === "AzureWebJobsStorage")).toMatchObject({
      required: false,
      secret: true,
    });
    expect(rows.find((r) => r.name === "DURABLE_TASK_HUB")).toMatchObject({
      required: false,
      defaultValue: "MlOrchestrator",
    });
    expect(rows.find((r) => r.name === "LOG_LEVEL")).toMatchObject({ required: false, defaultValue: "info" });
  });

  it("refuses a setting declared without metadata", () => {
    expect(() => describeSettings([{ title: "X", shape: { BARE: z.string() } }])).toThrow(/BARE/);
  });

  it("refuses a required setting without a sample value", () => {
    const group = {
      title: "X",
      shape: { NEEDS_SAMPLE: setting(z.string(), { description: "d", secret: true }) },
    };
    expect(() => renderSampleSettings([group])).toThrow(/NEEDS_SAMPLE/);
  });

  it("marks optional settings without a default as optional", () => {
    const group = {
      title: "X",
      shape: { MAYBE: setting(z.string().optional(), { description: "d", secret: false }) },
    };
    expect(renderConfigDoc([group])).toContain("| `MAYBE` | optional");
  });
});
