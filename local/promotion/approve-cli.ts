import { fileURLToPath } from "node:url";
import { errorText } from "../demo/host-api.js";
import { approveUsage, devPrincipal, parseApproveArgs } from "./args.js";
import { connectHost } from "./connect.js";

// `npm run approve -- <id> [--as bob] [--reject]` (issue #8); runs from dist/local/promotion/.
const root = fileURLToPath(new URL("../../../", import.meta.url));

async function main(): Promise<void> {
  const args = parseApproveArgs(process.argv.slice(2), `${root}.local/stack.json`);
  if (args === undefined) return console.log(approveUsage);
  const api = connectHost(args);
  const path = `/api/promotions/${encodeURIComponent(args.id)}/${args.decision}`;
  const response = await api.post(path, args.comment === undefined ? {} : { comment: args.comment }, {
    "x-dev-principal": devPrincipal(args.as, "Promotion.Approve"),
  });
  if (response.status !== 202) throw new Error(`POST ${path} answered ${errorText(response)}`);
  const verb = args.decision === "approve" ? "approved" : "rejected";
  console.log(`Promotion ${args.id} ${verb} by ${args.as}.`);
  console.log(`  status: ${api.baseUrl}/api/promotions/${encodeURIComponent(args.id)}`);
}

main().catch((err: unknown) => {
  console.error(`npm run approve failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
