import type { DurableClient } from "durable-functions";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../../shared/errors/app-error.js";
import { queryPipelines } from "../../../../shared/pipelines/train-evaluate-register/status-query.js";

const KEY = "system-key-0123456789";
// What the extension hands the client: the status URL of one instance, carrying the system key.
const client = {
  createHttpManagementPayload: (id: string) => ({
    statusQueryGetUri: `http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/${id}?taskHub=hub&connection=Storage&code=${KEY}`,
  }),
} as unknown as Pick<DurableClient, "createHttpManagementPayload">;

function fakeFetch(status: number, body: unknown, token?: string) {
  const calls: { url: URL; headers: Record<string, string> }[] = [];
  const fetchFn = (url: URL | string, init?: RequestInit) => {
    calls.push({ url: new URL(url), headers: (init?.headers ?? {}) as Record<string, string> });
    const headers = token === undefined ? {} : { "x-ms-continuation-token": token };
    return Promise.resolve(new Response(JSON.stringify(body), { status, headers }));
  };
  return { calls, fetchFn: fetchFn as typeof globalThis.fetch };
}

describe("queryPipelines: one bounded page of the durable instance store", () => {
  it("asks the collection for at most `top` tr- instances in the window, without inputs, from the token", async () => {
    const { calls, fetchFn } = fakeFetch(200, [], "next-2");
    const page = await queryPipelines(
      client,
      {
        top: 20,
        createdFrom: "2026-11-01T00:00:00.000Z",
        createdTo: "2026-11-26T00:00:00.000Z",
        continuationToken: "next-1",
      },
      fetchFn,
    );
    expect(page).toEqual({ statuses: [], continuationToken: "next-2" });
    const { url, headers } = calls[0]!;
    expect(url.pathname).toBe("/runtime/webhooks/durabletask/instances/");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      taskHub: "hub",
      connection: "Storage",
      code: KEY,
      instanceIdPrefix: "tr-",
      top: "20",
      showInput: "false",
      createdTimeFrom: "2026-11-01T00:00:00.000Z",
      createdTimeTo: "2026-11-26T00:00:00.000Z",
    });
    expect(headers["x-ms-continuation-token"]).toBe("next-1");
  });

  it("maps the status payloads and reports the end of the store as a null token", async () => {
    const payload = {
      name: "trainEvaluateRegister",
      instanceId: "tr-1",
      createdTime: "2026-11-26T01:00:00Z",
      lastUpdatedTime: "2026-11-26T01:05:00Z",
      runtimeStatus: "Completed",
      input: null,
      customStatus: { phase: "done" },
      output: { outcome: "registered" },
    };
    const { fetchFn } = fakeFetch(200, [payload]);
    expect(await queryPipelines(client, { top: 1 }, fetchFn)).toEqual({
      statuses: [
        {
          name: "trainEvaluateRegister",
          instanceId: "tr-1",
          createdTime: "2026-11-26T01:00:00.000Z",
          runtimeStatus: "Completed",
          customStatus: { phase: "done" },
          output: { outcome: "registered" },
        },
      ],
      continuationToken: null,
    });
  });

  it.each([
    [503, true],
    [401, false],
  ])(
    "fails an HTTP %s as an AppError (retryable %s) that never quotes the key",
    async (status, retryable) => {
      const { fetchFn } = fakeFetch(status, { message: "no" });
      const err = await queryPipelines(client, { top: 5 }, fetchFn).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).retryable).toBe(retryable);
      expect(String((err as Error).message)).not.toContain(KEY);
    },
  );
});
