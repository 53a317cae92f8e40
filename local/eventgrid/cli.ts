import { parseArgs } from "node:util";
import { loadEmulatorConfig } from "./config.js";
import { startEmulator } from "./emulator.js";
import { hostFromKeysFile } from "./host-endpoint.js";

const usage = `Usage: node dist/local/eventgrid/cli.js --config <subscriptions.yml> [options]
  Azurite is read through AZURE_STORAGE_CONNECTION_STRING (never a flag: it holds the account key).
  --port N            status server (GET /health), default 7075
  --data <folder>     where the reported eTags are kept across restarts
  --host-url URL      the local Functions host, for "function" endpoints
  --host-keys <file>  the host's keys.json (its Event Grid system key authorises deliveries)
  --time-scale X      multiply Event Grid's retry, TTL and dead-letter delays (e.g. 0.001 in tests)
  --duplicate P       deliver each event a second time with probability P (0-1)
  --reorder           shuffle the events of each scan
  --seed N            seed for --duplicate and --reorder`;

function number(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name} must be a non-negative number, not "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: "string" },
      port: { type: "string" },
      data: { type: "string" },
      "host-url": { type: "string" },
      "host-keys": { type: "string" },
      "time-scale": { type: "string" },
      duplicate: { type: "string" },
      reorder: { type: "boolean", default: false },
      seed: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || values.config === undefined) {
    console.log(usage);
    process.exit(values.help ? 0 : 2);
  }
  const connectionString = process.env.AZURE_STORAGE_CONNECTION_STRING;
  if (!connectionString)
    throw new Error("AZURE_STORAGE_CONNECTION_STRING is not set (Azurite's connection string)");
  const config = loadEmulatorConfig(values.config);
  // Flags win over the config file's switches.
  const duplicate = number(values.duplicate, "duplicate", config.faults?.duplicate ?? 0);
  if (duplicate > 1) throw new Error("--duplicate is a probability between 0 and 1");
  const seed = values.seed === undefined ? config.faults?.seed : number(values.seed, "seed", 0);
  const hostUrl = values["host-url"];
  const hostKeys = values["host-keys"];
  if ((hostUrl === undefined) !== (hostKeys === undefined))
    throw new Error("--host-url and --host-keys go together");
  const host =
    hostUrl === undefined || hostKeys === undefined ? undefined : hostFromKeysFile(hostUrl, hostKeys);
  const emulator = await startEmulator({
    config,
    connectionString,
    ...(values.data === undefined ? {} : { dataDir: values.data }),
    ...(host === undefined ? {} : { host }),
    timeScale: number(values["time-scale"], "time-scale", config.timeScale ?? 1),
    faults: { duplicate, reorder: values.reorder || (config.faults?.reorder ?? false) },
    ...(seed === undefined ? {} : { seed }),
    port: number(values.port, "port", 7075),
  });
  const s = emulator.status();
  console.log(`Event Grid emulator on ${emulator.url}: watching ${s.containers.join(", ")} of ${s.account}`);
  if (duplicate > 0 || values.reorder || config.faults?.reorder) {
    console.log(
      `  faults: duplicate ${duplicate}, reorder ${values.reorder || (config.faults?.reorder ?? false)}`,
    );
  }
  for (const sub of s.subscriptions)
    console.log(`  subscription ${sub.name} -> ${sub.endpoint} (${sub.schema})`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void emulator.stop().then(() => process.exit(0)));
  }
}

main().catch((err: unknown) => {
  console.error(
    `The Event Grid emulator could not start: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
