import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePorts } from "../../../local/mlflow/ports.js";
import { azuriteAccountKey, azuriteArgs } from "../../../local/stack/azurite.js";

const azuriteJs = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "node_modules",
  "azurite",
  "dist",
  "src",
  "azurite.js",
);

/** A real Azurite (the stack's own command line) on free loopback ports, its data in a temp folder. */
export async function startAzurite(): Promise<{ connectionString: string; stop: () => Promise<void> }> {
  const drawn = (await freePorts(3)) as [number, number, number];
  const ports = { blob: drawn[0], queue: drawn[1], table: drawn[2] };
  const location = mkdtempSync(join(tmpdir(), "azurite-lease-"));
  const child = spawn(process.execPath, [azuriteJs, ...azuriteArgs(location, ports)], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(location, { recursive: true, force: true });
  };
  const blob = `http://127.0.0.1:${ports.blob}/devstoreaccount1`;
  // Azurite takes several seconds to listen on a busy machine.
  for (let i = 0; i < 900 && child.exitCode === null; i++) {
    try {
      await (await fetch(`${blob}?comp=list`)).body?.cancel();
      return {
        connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azuriteAccountKey};BlobEndpoint=${blob}`,
        stop,
      };
    } catch {
      await sleep(50);
    }
  }
  await stop();
  throw new Error("Azurite did not start");
}
