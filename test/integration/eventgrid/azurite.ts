import { spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../../../local/mlflow/ports.js";
import { azuriteAccountKey } from "../../../local/stack/azurite.js";

const repoRoot = join(import.meta.dirname, "..", "..", "..");

export interface TestAzurite {
  connectionString: string;
  stop(): Promise<void>;
}

/** A real Azurite blob service on a free loopback port, in memory, stopped by the suite. */
export async function startAzurite(): Promise<TestAzurite> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, "node_modules", "azurite", "dist", "src", "azurite.js"),
      // Queue and table on ports the kernel picks: only the blob service is used here.
      ...["--blobHost", "127.0.0.1", "--blobPort", String(port), "--queuePort", "0", "--tablePort", "0"],
      ...["--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent"],
    ],
    { stdio: "ignore" },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const blob = `http://127.0.0.1:${port}/devstoreaccount1`;
  const stop = async (): Promise<void> => {
    child.kill("SIGTERM");
    await exited;
  };
  // Loading Azurite's modules can take tens of seconds on a busy machine: wait generously.
  const until = Date.now() + 100_000;
  while (Date.now() < until) {
    try {
      const res = await fetch(`${blob}?comp=list`);
      await res.body?.cancel();
      return {
        connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azuriteAccountKey};BlobEndpoint=${blob}`,
        stop,
      };
    } catch {
      if (child.exitCode !== null) break;
      await sleep(100);
    }
  }
  await stop();
  throw new Error("Azurite did not start");
}
