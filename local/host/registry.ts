import type { BindingMetadata, CapturedFunction } from "./contracts.js";

/** The parts of @azure/functions' `ProgrammingModel` the host calls (types-core/index.d.ts). */
export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreCtx: CoreInvocationContext): InvocationModel | Promise<InvocationModel>;
}

export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<RpcInvocationResponse>;
}

export interface RpcInvocationResponse {
  invocationId?: string;
  returnValue?: RpcTypedData | null;
  outputData?: { name?: string; data?: RpcTypedData | null }[];
}

/** The subset of the worker's RpcTypedData the host produces and decodes. */
export interface RpcTypedData {
  string?: string;
  json?: string;
  bytes?: Uint8Array;
  int?: number;
  double?: number;
  http?: Record<string, unknown>;
}

export interface CoreInvocationContext {
  invocationId: string;
  request: { inputData: { name: string; data: RpcTypedData }[]; triggerMetadata: Record<string, RpcTypedData> };
  metadata: { name: string; bindings: Record<string, BindingMetadata> };
  state?: "preInvocationHooks" | "postInvocationHooks" | "invocation" | undefined;
  log(level: string, category: string, message: string): void;
}

export type FunctionCallback = (...args: unknown[]) => unknown;
export type HookCallback = (context: unknown) => unknown;

export interface RegisteredFunction extends CapturedFunction {
  callback: FunctionCallback;
}

export type HookName = "appStart" | "appTerminate" | "preInvocation" | "postInvocation" | "log";
const hookNames = new Set<string>(["appStart", "appTerminate", "preInvocation", "postInvocation", "log"]);

/** Everything one app registered through the core API while it loaded. */
export class Registry {
  readonly functions = new Map<string, RegisteredFunction>();
  readonly hooks = new Map<HookName, HookCallback[]>();
  programmingModel: ProgrammingModel | undefined;

  registerFunction(metadata: { name?: string; bindings?: Record<string, BindingMetadata> }, callback: FunctionCallback): () => void {
    const name = metadata.name;
    if (!name) throw new Error("registerFunction: metadata.name is required");
    if (this.functions.has(name)) throw new Error(`A function named "${name}" is already registered`);
    const bindings = metadata.bindings ?? {};
    const trigger = Object.values(bindings).find((b) => /trigger$/i.test(b.type));
    if (!trigger) throw new Error(`Function "${name}" has no trigger binding`);
    this.functions.set(name, { name, bindings, triggerType: trigger.type, callback });
    return () => this.functions.delete(name);
  }

  registerHook(name: string, callback: HookCallback): () => void {
    if (!hookNames.has(name)) throw new RangeError(`Unrecognized hook "${name}"`);
    const list = this.hooks.get(name as HookName) ?? [];
    list.push(callback);
    this.hooks.set(name as HookName, list);
    return () => {
      const i = list.indexOf(callback);
      if (i >= 0) list.splice(i, 1);
    };
  }

  hooksOf(name: HookName): HookCallback[] {
    return [...(this.hooks.get(name) ?? [])];
  }

  functionsOfType(triggerType: string): string[] {
    const wanted = triggerType.toLowerCase();
    return [...this.functions.values()].filter((f) => f.triggerType.toLowerCase() === wanted).map((f) => f.name);
  }
}

/** The trigger binding of a function, found by type because binding names are hashes. */
export function triggerBinding(fn: CapturedFunction): BindingMetadata {
  const found = Object.values(fn.bindings).find((b) => b.type === fn.triggerType);
  if (!found) throw new Error(`Function "${fn.name}" has no trigger binding`);
  return found;
}

/** Runs hooks in registration order, like the worker's executeHooks. */
export async function runHooks(registry: Registry, name: HookName, context: unknown): Promise<void> {
  for (const hook of registry.hooksOf(name)) await hook(context);
}
