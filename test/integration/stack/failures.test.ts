import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  answers,
  freePorts,
  interrupt,
  kill,
  missing,
  spawnStack,
  tempDataDir,
  waitReady,
} from "./helpers.js";

/** Processes whose command line mentions `dataDir`: every component names its state folder in its args. */
function processesUsing(dataDir: string): string[] {
  const ps = spawnSync("ps", ["-eo", "args"], { encoding: "utf8" });
  return ps.stdout.split("\n").filter((line) => line.includes(dataDir) && !line.includes("stack/cli.js"));
}

describe.skipIf(missing())("npm start when something is wrong", () => {
  it("names a taken port and the flag that moves it, and starts nothing", async () => {
    const dataDir = tempDataDir();
    const ports = await freePorts();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(ports.host, "127.0.0.1", resolve));
    const stack = spawnStack(dataDir, ports);
    try {
      expect(await stack.exited).toBe(1);
      expect(stack.output()).toContain(`port ${ports.host} (host) on 127.0.0.1 is already in use`);
      expect(stack.output()).toContain("--port host=<other>");
      expect(existsSync(join(dataDir, "logs"))).toBe(false);
    } finally {
      await interrupt(stack);
      squatter.close();
    }
  }, 60_000);

  it("reports a component that dies during start-up with its log, and stops the others", async () => {
    const dataDir = tempDataDir();
    const ports = await freePorts();
    // A corrupt tracking database: MLflow starts, fails to read it and exits.
    mkdirSync(join(dataDir, "mlflow"), { recursive: true });
    writeFileSync(
      join(dataDir, "mlflow", "mlflow.db"),
      "this is not an SQLite database, only some text".repeat(20),
    );
    const stack = spawnStack(dataDir, ports);
    try {
      expect(await stack.exited).toBe(1);
      const out = stack.output();
      expect(out).toContain("mlflow failed to start: the process exited during start-up");
      expect(out).toContain(`log: ${join(dataDir, "logs", "mlflow.log")}`);
      expect(out).toContain("file is not a database");
      expect(out).toContain("The other components were stopped.");
      expect(existsSync(join(dataDir, "stack.json"))).toBe(false);
      for (const port of [ports.blob, ports.databricks, ports.host])
        expect(await answers(`http://127.0.0.1:${port}/`)).toBe(false);
      expect(processesUsing(dataDir)).toEqual([]);
    } finally {
      await interrupt(stack);
    }
  }, 300_000);

  it("a test's kill of the launcher takes its components down too (nothing keeps a port after a failed test)", async () => {
    const dataDir = tempDataDir();
    const stack = spawnStack(dataDir, await freePorts());
    try {
      await waitReady(stack, dataDir);
      expect(processesUsing(dataDir).length).toBeGreaterThan(0);
      kill(stack);
      await stack.exited;
      for (let i = 0; i < 50 && processesUsing(dataDir).length > 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(processesUsing(dataDir)).toEqual([]);
    } finally {
      kill(stack);
    }
  }, 300_000);
});
