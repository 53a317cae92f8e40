import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

export const landUsage = `Usage: npm run land -- <file-or-folder> <lake-path> [--marker _SUCCESS | --no-marker] [--stack <stack.json>]
  <lake-path>  <filesystem>/<folder>, e.g. landing/churn/customers/date=2026-11-25,
               or abfss://landing@devstoreaccount1.dfs.core.windows.net/churn/customers/date=2026-11-25
  Uploads to the running local stack's Azurite (found through .local/stack.json), then writes the marker.`;

export interface LandArgs {
  source: string;
  lakePath: string;
  marker: string | undefined;
  stackFile: string;
}

/** Paths typed after `npm run land --` are relative to where the user typed them (npm sets INIT_CWD). */
export function parseLandArgs(
  argv: string[],
  env: NodeJS.ProcessEnv,
  packageRoot: string,
): LandArgs | undefined {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      marker: { type: "string", default: "_SUCCESS" },
      "no-marker": { type: "boolean", default: false },
      stack: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  if (positionals.length !== 2) throw new Error(`expected <file-or-folder> <lake-path>\n${landUsage}`);
  if (!/^[A-Za-z0-9_.-]+$/.test(values.marker) || values.marker === "." || values.marker === "..") {
    throw new Error(`--marker must be a plain file name, not "${values.marker}"`);
  }
  const here = env.INIT_CWD ?? process.cwd();
  return {
    source: resolve(here, positionals[0]!),
    lakePath: positionals[1]!,
    marker: values["no-marker"] ? undefined : values.marker,
    stackFile:
      values.stack === undefined ? resolve(packageRoot, ".local", "stack.json") : resolve(here, values.stack),
  };
}

/** Azurite's connection string from a running stack's stack.json; a stale file is refused. */
export function azuriteFromStack(stackFile: string): { connectionString: string; account: string } {
  if (!existsSync(stackFile))
    throw new Error(`${stackFile} not found: start the local stack first (npm start)`);
  const stack = JSON.parse(readFileSync(stackFile, "utf8")) as {
    pid?: number;
    components?: { azurite?: { connectionString?: string; account?: string } };
  };
  try {
    if (stack.pid !== undefined) process.kill(stack.pid, 0);
  } catch {
    throw new Error(
      `${stackFile} is stale (the stack with pid ${stack.pid} is gone): start it again (npm start)`,
    );
  }
  const azurite = stack.components?.azurite;
  if (!azurite?.connectionString || !azurite.account)
    throw new Error(`${stackFile} has no Azurite connection string`);
  return { connectionString: azurite.connectionString, account: azurite.account };
}
