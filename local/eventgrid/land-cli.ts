import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { land, parseLakePath } from "./land.js";
import { azuriteFromStack, landUsage, parseLandArgs } from "./land-args.js";

/** This file runs from dist/local/eventgrid/, so the package root is three folders up. */
const root = fileURLToPath(new URL("../../../", import.meta.url));

async function main(): Promise<void> {
  const args = parseLandArgs(process.argv.slice(2), process.env, root);
  if (args === undefined) return console.log(landUsage);
  if (!existsSync(args.source)) throw new Error(`${args.source} does not exist`);
  const azurite = azuriteFromStack(args.stackFile);
  const location = parseLakePath(args.lakePath, azurite.account);
  const result = await land({
    connectionString: azurite.connectionString,
    source: args.source,
    location,
    marker: args.marker,
    onStep: (step) =>
      console.log(`  ${step.kind === "marker" ? "marker" : "landed"} ${location.container}/${step.blob}`),
  });
  const where = `${location.container}/${location.prefix}`;
  console.log(
    `Landed ${result.files.length} file(s) in ${where}${result.marker ? `, closed with ${args.marker}` : ""}.`,
  );
}

main().catch((err: unknown) => {
  console.error(`npm run land failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
