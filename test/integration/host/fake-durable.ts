import type { DurableBackend, PlainRequest, PlainResponse } from "../../../local/host/contracts.js";
import type { EngineOptions } from "../../../local/host/host.js";

/** A DurableBackend that records what the shell forwards; the real engine is tested by its own suites. */
export class FakeDurable implements DurableBackend {
  readonly requests: { method: string; path: string; body: string }[] = [];
  started = false;
  stopped = false;
  options: EngineOptions | undefined;

  static factory(): { create: (o: EngineOptions) => DurableBackend; fake: FakeDurable } {
    const fake = new FakeDurable();
    return {
      fake,
      create: (o) => {
        fake.options = o;
        return fake;
      },
    };
  }

  clientBindingValue(): Record<string, unknown> {
    const base = `${this.options?.baseUrl ?? "http://127.0.0.1:1"}/runtime/webhooks/durabletask`;
    const q = `taskHub=${this.options?.taskHub ?? "Hub"}&connection=Storage&code=${this.options?.systemKey ?? ""}`;
    return {
      taskHubName: this.options?.taskHub,
      creationUrls: {
        createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?code=x`,
        createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&code=x`,
      },
      managementUrls: {
        id: "INSTANCEID",
        statusQueryGetUri: `${base}/instances/INSTANCEID?${q}`,
        sendEventPostUri: `${base}/instances/INSTANCEID/raiseEvent/{eventName}?${q}`,
        terminatePostUri: `${base}/instances/INSTANCEID/terminate?reason={text}&${q}`,
        rewindPostUri: `${base}/instances/INSTANCEID/rewind?reason={text}&${q}`,
        purgeHistoryDeleteUri: `${base}/instances/INSTANCEID?${q}`,
        restartPostUri: `${base}/instances/INSTANCEID/restart?${q}`,
        suspendPostUri: `${base}/instances/INSTANCEID/suspend?reason={text}&${q}`,
        resumePostUri: `${base}/instances/INSTANCEID/resume?reason={text}&${q}`,
      },
      baseUrl: base,
      requiredQueryStringParameters: q,
      rpcBaseUrl: `${this.options?.baseUrl ?? ""}/durabletask/`,
    };
  }

  handleHttp(request: PlainRequest): Promise<PlainResponse | undefined> {
    this.requests.push({ method: request.method, path: request.url.pathname, body: request.body.toString("utf8") });
    const start = /^\/durabletask\/orchestrators\/([^/]+)$/.exec(request.url.pathname);
    if (request.method === "POST" && start) return Promise.resolve({ status: 202, body: { id: `fake-${start[1]}` } });
    if (request.url.pathname.startsWith("/runtime/webhooks/durabletask/instances/")) {
      return Promise.resolve({ status: 200, headers: { "x-fake": "1" }, body: { runtimeStatus: "Running" } });
    }
    return Promise.resolve(undefined);
  }

  start(): void {
    this.started = true;
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}
