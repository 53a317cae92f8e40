import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { renderConfigDoc, renderSampleSettings } from "./docs.js";
import { settingGroups } from "./schema.js";

// CLI behind `npm run docs:config` (runs from the build output; Node 20 cannot run .ts directly).
// The unit test test/unit/config/docs.test.ts fails whenever these files drift from the schema.
const root = process.cwd();
writeFileSync(resolve(root, "local.settings.sample.json"), renderSampleSettings(settingGroups));
writeFileSync(resolve(root, "docs/configuration.md"), renderConfigDoc(settingGroups));
console.log("Wrote local.settings.sample.json and docs/configuration.md");
