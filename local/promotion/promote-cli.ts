import { fileURLToPath } from "node:url";
import { parsePromoteArgs, promoteUsage } from "./args.js";
import { promoteCommand } from "./commands.js";
import { connectHost } from "./connect.js";

// `npm run promote -- --model <name> ...` (issue #8): runs from dist/local/promotion/, so the package
// root is three folders up and the stack file is <root>/.local/stack.json.
const root = fileURLToPath(new URL("../../../", import.meta.url));

async function main(): Promise<void> {
  const args = parsePromoteArgs(process.argv.slice(2), `${root}.local/stack.json`);
  if (args === undefined) return console.log(promoteUsage);
  for (const line of await promoteCommand(args, connectHost(args))) console.log(line);
}

main().catch((err: unknown) => {
  console.error(`npm run promote failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
