import { fileURLToPath } from "node:url";
import { errorText } from "../demo/host-api.js";
import { devPrincipal, parsePromoteArgs, promoteUsage } from "./args.js";
import { connectHost } from "./connect.js";

// `npm run promote -- --model <name> ...` (issue #8): runs from dist/local/promotion/, so the package
// root is three folders up and the stack file is <root>/.local/stack.json.
const root = fileURLToPath(new URL("../../../", import.meta.url));

async function main(): Promise<void> {
  const args = parsePromoteArgs(process.argv.slice(2), `${root}.local/stack.json`);
  if (args === undefined) return console.log(promoteUsage);
  const api = connectHost(args);
  const response = await api.post("/api/promotions", args.body, {
    "x-dev-principal": devPrincipal(args.as, "Promotion.Request"),
  });
  if (response.status !== 202) throw new Error(`POST /api/promotions answered ${errorText(response)}`);
  const body = response.body as { id: string; statusUrl?: string };
  console.log(
    `Promotion ${body.id} started by ${args.as}: ${args.body.model} ${args.body.from} → ${args.body.to}`,
  );
  if (body.statusUrl) console.log(`  status:  ${body.statusUrl}`);
  console.log(`  approve: npm run approve -- ${body.id} --as <someone else>`);
}

main().catch((err: unknown) => {
  console.error(`npm run promote failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
