import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { defaultToken, defaultUser, startEmulator } from "./index.js";

/** `npm run emulator -- --port <port> --data <folder> [--token <pat>] [--user <email>] [--mlflow-url <url>]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      data: { type: "string", default: ".local/databricks" },
      token: { type: "string", default: defaultToken },
      user: { type: "string", default: defaultUser },
      "mlflow-url": { type: "string" },
      python: { type: "string" },
    },
  });
  const mlflowUrl = values["mlflow-url"];
  const emulator = await startEmulator({
    port: Number(values.port),
    // Paths typed after `npm run emulator --` are relative to where the user typed them (INIT_CWD).
    dataDir: resolve(
      process.env.npm_lifecycle_event === "emulator"
        ? (process.env.INIT_CWD ?? process.cwd())
        : process.cwd(),
      values.data,
    ),
    token: values.token,
    user: values.user,
    mlflowUrl,
    ...(values.python === undefined ? {} : { python: values.python }),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`Databricks emulator listening on ${emulator.url}\n`);
  const shutdown = (): void => void emulator.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
