/**
 * The seam between the local host's shell (registration capture, HTTP server, triggers) and its durable
 * engine (local/host/durable). The shell owns the programming model; the engine owns orchestration state.
 * Neither imports the other's internals: `local/host/cli.ts` wires them together.
 */

/** One binding as @azure/functions' toCoreFunctionMetadata emits it (binding names are hashes). */
export interface BindingMetadata {
  type: string;
  direction: "in" | "out" | "inout";
  name?: string;
  [key: string]: unknown;
}

/** A function registration captured through the @azure/functions-core shim. */
export interface CapturedFunction {
  name: string;
  /** Keyed by binding name; the return binding is under `$return`. */
  bindings: Record<string, BindingMetadata>;
  /** The trigger binding's type with the `Trigger` suffix, e.g. `httpTrigger`, `orchestrationTrigger`. */
  triggerType: string;
}

/** Runs a captured function through the library's own invocation model (the production code path). */
export interface FunctionRunner {
  /**
   * Invokes a non-HTTP function with its trigger value and resolves with its return value, JSON-decoded.
   * Rejects with the error the handler threw (durable-functions puts the orchestrator state into the
   * message of an OrchestrationFailureError after `$OutOfProcData$:`).
   */
  invoke(functionName: string, triggerValue: unknown): Promise<unknown>;
  /** Names of the registered functions whose trigger has the given type. */
  functionsOfType(triggerType: string): string[];
}

/** A plain request/response pair so the engine's HTTP API does not depend on node:http. */
export interface PlainRequest {
  method: string;
  url: URL;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface PlainResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What the shell gives the durable engine when it creates it (`createDurableEngine` adds test seams). */
export interface EngineOptions {
  dataDir: string;
  taskHub: string;
  runner: FunctionRunner;
  /** The host's own origin, e.g. http://127.0.0.1:7071. */
  baseUrl: string;
  systemKey: string;
  hostJson: unknown;
}

/** What the shell needs from the durable engine. */
export interface DurableBackend {
  /**
   * Value the shell puts into `inputData` for a `durableClient` binding. Read once: it must stay the same
   * while the engine runs (it names the host's URLs, task hub and system key, all fixed at start).
   */
  clientBindingValue(): Record<string, unknown>;
  /**
   * Serves the Durable HTTP API. `request.url.pathname` starts with `/runtime/webhooks/durabletask/`
   * (public; the shell has already checked the system key) or `/durabletask/` (the client's rpcBaseUrl).
   * Resolves `undefined` when no route matches.
   */
  handleHttp(request: PlainRequest): Promise<PlainResponse | undefined>;
  start(): void;
  stop(): Promise<void>;
}
