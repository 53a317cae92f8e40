import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { newState, type StoryDeps } from "./context.js";
import { createHostApi } from "./host-api.js";
import { consoleNarrator, summaryTable, verdict } from "./narration.js";
import { runSteps } from "./runner.js";
import { connectStack } from "./stack.js";
import { benchmarkLines, sidecarFacts, storySteps } from "./story.js";

const usage = `Usage: npm run demo -- [--stack <stack.json>] [--no-start] [--idle <seconds>]
  Tells the whole story on the local stack: push → deploy to staging → land data → train → evaluate →
  register → promote → approve → deploy to prod → champion → rollback. Uses the running stack
  (.local/stack.json) or starts one and stops it at the end. Exits 1 naming the step that failed.
  --stack <file>    stack.json of the stack to use (default .local/stack.json)
  --no-start        fail instead of starting a stack when none runs
  --idle <seconds>  how long the approval wait is watched to show it costs nothing (default 5)`;

/** This file runs from dist/local/demo/, so the package root is three folders up. */
const root = fileURLToPath(new URL("../../../", import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string" },
      "no-start": { type: "boolean", default: false },
      idle: { type: "string", default: "5" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const idleSeconds = Number(values.idle);
  if (!Number.isFinite(idleSeconds) || idleSeconds < 0 || idleSeconds > 600)
    throw new Error("--idle must be 0-600 seconds");
  const here = process.env.INIT_CWD ?? process.cwd();
  const stackFile =
    values.stack === undefined ? join(root, ".local", "stack.json") : resolve(here, values.stack);
  const stack = await connectStack({
    root,
    stackFile,
    start: !values["no-start"],
    log: (l) => console.log(l),
  });
  const stop = () => void stack.stop().then(() => process.exit(130));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    const sidecar = sidecarFacts(root, "churn");
    const deps: StoryDeps = {
      api: createHostApi({ baseUrl: stack.hostUrl, key: stack.hostKey }),
      root,
      mlflowUrl: stack.mlflowUrl,
      azurite: stack.azurite,
      python: join(
        root,
        ".local",
        "venv",
        process.platform === "win32" ? "Scripts/python.exe" : "bin/python",
      ),
      bundle: "churn",
      from: "staging",
      to: "prod",
      models: sidecar.models,
      runToken: `demo-${randomBytes(4).toString("hex")}`,
      idleProbeMs: idleSeconds * 1000,
      timeouts: { deployMs: 5 * 60_000, pipelineMs: 15 * 60_000, promotionMs: 5 * 60_000 },
      now: Date.now,
      wait: (ms) => sleep(ms),
    };
    console.log(`\nThe story on ${stack.hostUrl} (run ${deps.runToken}):`);
    const state = newState();
    const outcome = await runSteps(
      storySteps(deps),
      state,
      consoleNarrator((l) => console.log(l)),
    );
    console.log(`\n${summaryTable(outcome)}\n`);
    for (const line of benchmarkLines(state, sidecar.smokeJob)) console.log(line);
    console.log(verdict(outcome));
    return outcome.failure === undefined ? 0 : 1;
  } finally {
    if (stack.startedHere) {
      console.log("Stopping the local stack the demo started...");
      await stack.stop();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`npm run demo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
