import { join } from "node:path";
import { type ComponentName, defineComponents, type StackLayout } from "./components.js";
import { assertPortsFree } from "./ports.js";
import { removeStackFile, resetState, type StackFile, writeStackFile } from "./state.js";
import { ComponentStartError, launch, type RunningComponent } from "./supervise.js";

export interface StackOptions extends StackLayout {
  /** Empty every component's state before starting (`npm start -- --fresh`). */
  fresh?: boolean;
  /** Aborting (Ctrl-C during start-up) stops what has started and rejects with StackCancelledError. */
  signal?: AbortSignal;
}

export interface RunningStack {
  components: readonly RunningComponent[];
  stackFile: string;
  readyMs: number;
  /** Resolves with the first component that exits while the stack is serving. */
  unexpectedExit: Promise<RunningComponent>;
  /** Stops every component (in parallel, each by process group) and removes stack.json. */
  stop(): Promise<void>;
}

/** Thrown when components failed to start; every component that did start has been stopped. */
export class StackStartError extends Error {
  constructor(readonly failures: readonly ComponentStartError[]) {
    super(failures.map((f) => f.message).join("\n"));
    this.name = "StackStartError";
  }
}

export class StackCancelledError extends Error {
  constructor() {
    super("start-up cancelled; every component that had started was stopped");
    this.name = "StackCancelledError";
  }
}

/**
 * Starts every component at once (none needs another to be up to start; the emulator and the host only
 * reach MLflow and Azurite per request), waits until all are healthy and writes stack.json. The first
 * failure stops the others, so a failed start leaves no process behind.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const started = Date.now();
  await assertPortsFree(options.ports);
  // After the port check: a running stack holds its ports, so its state is never deleted under it.
  if (options.fresh) resetState(options.dataDir);
  removeStackFile(options.dataDir);
  const logDir = join(options.dataDir, "logs");
  const components = defineComponents(options).map((spec) => launch(spec, logDir));
  const abort = new AbortController();
  options.signal?.addEventListener("abort", () => abort.abort(), { once: true });
  const results = await Promise.allSettled(
    components.map((c) =>
      c.ready(abort.signal).catch((err: unknown) => {
        abort.abort();
        throw err;
      }),
    ),
  );
  const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  if (failures.length > 0 || options.signal?.aborted) {
    await Promise.all(components.map((c) => c.stop()));
    if (failures.length === 0) throw new StackCancelledError();
    const known = failures.filter((f): f is ComponentStartError => f instanceof ComponentStartError);
    if (known.length < failures.length) throw failures.find((f) => !(f instanceof ComponentStartError));
    throw new StackStartError(known);
  }
  const readyMs = Date.now() - started;
  const stackFile = writeStackFile(options.dataDir, describe(components, options.dataDir, readyMs));
  let stopping: Promise<void> | undefined;
  return {
    components,
    stackFile,
    readyMs,
    unexpectedExit: Promise.race(components.map((c) => c.exited.then(() => c))).then(async (c) => {
      // An exit caused by stop() is not unexpected: never settle in that case.
      if (stopping) await new Promise(() => undefined);
      return c;
    }),
    stop() {
      stopping ??= (async () => {
        await Promise.all(components.map((c) => c.stop()));
        removeStackFile(options.dataDir);
      })();
      return stopping;
    },
  };
}

function describe(components: readonly RunningComponent[], dataDir: string, readyMs: number): StackFile {
  const entries = components.map((c) => [
    c.spec.name,
    {
      url: c.spec.endpoints[0]?.url ?? "",
      pid: c.pid,
      log: c.logFile,
      readyMs: c.readyMs() ?? -1,
      ...c.spec.details,
    },
  ]);
  return {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    readyMs,
    dataDir,
    components: Object.fromEntries(entries) as StackFile["components"],
  };
}

export type { ComponentName };
