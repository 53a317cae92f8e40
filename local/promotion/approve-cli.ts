import { fileURLToPath } from "node:url";
import { approveUsage, parseApproveArgs } from "./args.js";
import { approveCommand } from "./commands.js";
import { connectHost } from "./connect.js";

// `npm run approve -- <id> [--as bob] [--reject]` (issue #8); runs from dist/local/promotion/.
const root = fileURLToPath(new URL("../../../", import.meta.url));

async function main(): Promise<void> {
  const args = parseApproveArgs(process.argv.slice(2), `${root}.local/stack.json`);
  if (args === undefined) return console.log(approveUsage);
  for (const line of await approveCommand(args, connectHost(args))) console.log(line);
}

main().catch((err: unknown) => {
  console.error(`npm run approve failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
