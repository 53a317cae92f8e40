import { randomUUID } from "node:crypto";
import type { DurableBackend, FunctionRunner } from "./contracts.js";
import { toLogLevel, type HostLogger } from "./log.js";
import type { CoreInvocationContext, Registry, RegisteredFunction, RpcInvocationResponse, RpcTypedData } from "./registry.js";
import { runHooks } from "./registry.js";
import { fromRpcHttpResponse, type HttpResult, type RpcHttpRequest } from "./http-data.js";

/** Decodes a returned RpcTypedData the way the host reads it: json is parsed, strings stay strings. */
export function decodeTypedData(data: RpcTypedData | null | undefined): unknown {
  if (!data) return undefined;
  if (data.json !== undefined) return JSON.parse(data.json);
  if (data.string !== undefined) return data.string;
  if (data.bytes !== undefined) return Buffer.from(data.bytes);
  if (data.int !== undefined) return data.int;
  if (data.double !== undefined) return data.double;
  if (data.http !== undefined) return data.http;
  return undefined;
}

/**
 * Runs captured functions through the library's own invocation model, step for step like the worker's
 * InvocationHandler (protocol doc §1): getInvocationModel → getArguments → preInvocation hooks →
 * invokeFunction → postInvocation hooks → getResponse.
 */
export class Invoker implements FunctionRunner {
  #durable: DurableBackend | undefined;
  /** The durableClient binding as JSON, made once per backend: it is fixed while the engine runs. */
  #clientBinding: string | undefined;
  readonly appHookData: Record<string, unknown> = {};

  constructor(
    private readonly registry: Registry,
    private readonly log: HostLogger,
  ) {}

  setDurableBackend(backend: DurableBackend | undefined): void {
    this.#durable = backend;
    this.#clientBinding = undefined;
  }

  functionsOfType(triggerType: string): string[] {
    return this.registry.functionsOfType(triggerType);
  }

  get(functionName: string): RegisteredFunction {
    const fn = this.registry.functions.get(functionName);
    if (!fn) throw new Error(`Function "${functionName}" is not registered`);
    return fn;
  }

  async invoke(functionName: string, triggerValue: unknown): Promise<unknown> {
    const json = JSON.stringify(triggerValue) ?? "null";
    const response = await this.run(this.get(functionName), { json }, "Triggered");
    return decodeTypedData(response.returnValue);
  }

  async invokeHttp(functionName: string, request: RpcHttpRequest): Promise<HttpResult> {
    const response = await this.run(this.get(functionName), { http: { ...request } }, "This function was triggered by an HTTP request");
    return fromRpcHttpResponse(response.returnValue?.http);
  }

  private inputData(fn: RegisteredFunction, trigger: RpcTypedData): CoreInvocationContext["request"]["inputData"] {
    const inputs = [];
    for (const [name, binding] of Object.entries(fn.bindings)) {
      if (binding.direction !== "in") continue;
      if (binding.type === fn.triggerType) inputs.push({ name, data: trigger });
      else if (binding.type === "durableClient" || binding.type === "orchestrationClient") {
        if (!this.#durable) throw new Error(`Function "${fn.name}" needs a durable client but no durable engine is running`);
        this.#clientBinding ??= JSON.stringify(this.#durable.clientBindingValue());
        inputs.push({ name, data: { string: this.#clientBinding } });
      }
    }
    return inputs;
  }

  private async run(fn: RegisteredFunction, trigger: RpcTypedData, reason: string): Promise<RpcInvocationResponse> {
    const model = this.registry.programmingModel;
    if (!model) throw new Error("No programming model registered");
    const invocationId = randomUUID();
    const tag = `Functions.${fn.name}`;
    const started = Date.now();
    this.log("information", `Executing '${tag}' (Reason='${reason}', Id=${invocationId})`);
    const coreCtx: CoreInvocationContext = {
      invocationId,
      request: { inputData: this.inputData(fn, trigger), triggerMetadata: {} },
      metadata: { name: fn.name, bindings: fn.bindings },
      log: (level, category, message) => this.log(toLogLevel(level), `[${fn.name}] (${invocationId}) ${category === "system" ? "[system] " : ""}${message}`),
    };
    try {
      const response = await this.execute(coreCtx, fn);
      this.log("information", `Executed '${tag}' (Succeeded, Id=${invocationId}, Duration=${Date.now() - started}ms)`);
      return response;
    } catch (err) {
      this.log("error", `Executed '${tag}' (Failed, Id=${invocationId}, Duration=${Date.now() - started}ms) ${(err as Error)?.message ?? String(err)}`);
      throw err;
    }
  }

  private async execute(coreCtx: CoreInvocationContext, fn: RegisteredFunction): Promise<RpcInvocationResponse> {
    const model = await this.registry.programmingModel!.getInvocationModel(coreCtx);
    const hookData: Record<string, unknown> = {};
    const { context, inputs } = await model.getArguments();
    const pre = { hookData, appHookData: this.appHookData, invocationContext: context, functionCallback: fn.callback, inputs };
    coreCtx.state = "preInvocationHooks";
    try {
      await runHooks(this.registry, "preInvocation", pre);
    } finally {
      coreCtx.state = undefined;
    }
    const post = { hookData, appHookData: this.appHookData, invocationContext: context, inputs: pre.inputs, result: null as unknown, error: null as unknown };
    coreCtx.state = "invocation";
    try {
      post.result = await model.invokeFunction(context, pre.inputs, pre.functionCallback);
    } catch (err) {
      post.error = err;
    } finally {
      coreCtx.state = undefined;
    }
    coreCtx.state = "postInvocationHooks";
    try {
      await runHooks(this.registry, "postInvocation", post);
    } finally {
      coreCtx.state = undefined;
    }
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrow whatever the handler threw, like the worker
    if (post.error !== null && post.error !== undefined) throw post.error;
    return model.getResponse(context, post.result);
  }
}
