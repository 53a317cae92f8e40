#!/usr/bin/env node
import { DefaultAzureCredential } from "@azure/identity";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runBundleCli } from "../../shared/bundles/cli/run.js";
import { prepareSchema, type JsonSchema } from "../../shared/bundles/index.js";
import { createDatabricksClient } from "../../shared/databricks/index.js";
import { bundleAuth } from "./auth.js";

/**
 * `npm run bundle -- <command>` and the package `bin`: the process boundary of the bundle CLI
 * (environment, cwd, stdio, credentials); everything else is shared/bundles/cli.
 */
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string };

/**
 * The official bundle schema is not shipped in the package (Databricks License, ADR 0006): it is read
 * from DATABRICKS_BUNDLE_SCHEMA or the team's reference copy; without it schema checks are skipped.
 */
function loadSchema(): { schema: JsonSchema; found: boolean } {
  const candidates = [
    process.env.DATABRICKS_BUNDLE_SCHEMA,
    join(packageRoot, "..", "shared", "reference", "databricks-bundle-schema.json"),
  ];
  const file = candidates.find((f): f is string => f !== undefined && f !== "" && existsSync(f));
  return file === undefined
    ? { schema: {}, found: false }
    : { schema: JSON.parse(readFileSync(file, "utf8")) as JsonSchema, found: true };
}

const { schema, found } = loadSchema();
if (!found)
  process.stderr.write(
    "Warning: the bundle JSON schema was not found (set DATABRICKS_BUNDLE_SCHEMA); schema checks are skipped\n",
  );
const token = process.env.DATABRICKS_TOKEN;

const code = await runBundleCli({
  argv: process.argv.slice(2),
  env: process.env,
  // npm runs scripts in the package folder; the user's own folder is INIT_CWD.
  userCwd: process.env.INIT_CWD ?? process.cwd(),
  io: { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) },
  client: (host) =>
    createDatabricksClient({
      host,
      auth: bundleAuth(host, token, () => new DefaultAzureCredential()),
      userAgent: `databricks-ml-orchestrator/${pkg.version} cmd/bundle`,
    }),
  schema: prepareSchema(schema),
  cliVersion: pkg.version,
});
process.exitCode = code;
