import { describe, expect, it } from "vitest";
import {
  createDeployBundleActivities,
  type JournalRecord,
} from "../../../../shared/bundles/deploy/durable/deploy-bundle.activities.js";
import type { ApplyStepIn } from "../../../../shared/bundles/deploy/durable/deploy-bundle.contracts.js";
import type { DeployClient } from "../../../../shared/bundles/deploy/index.js";
import { DatabricksError } from "../../../../shared/databricks/index.js";
import { settleActivity } from "../../../../shared/durable/implement.js";
import { prepareSchema } from "../../../../shared/bundles/schema.js";

/** A client whose jobs.create answers as told; nothing else is called by a create without references. */
function activities(create: () => Promise<{ job_id: string }>) {
  const records = new Map<string, JournalRecord>();
  const journal = {
    records,
    read: (key: string) => Promise.resolve(records.get(key)),
    write: (key: string, record: JournalRecord) => Promise.resolve(void records.set(key, record)),
  };
  const calls: string[] = [];
  const client = {
    jobs: {
      create: () => (calls.push("create"), create()),
      list: () => (calls.push("list"), (async function* () {})()),
    },
    rest: {},
  } as unknown as DeployClient;
  const a = createDeployBundleActivities({
    clientFor: () => client,
    sources: { open: () => Promise.reject(new Error("not read by apply")) },
    schema: prepareSchema({}),
    snapshots: () => {
      throw new Error("not used by apply");
    },
    journal,
    newId: () => "id",
    now: () => new Date("2026-01-01T00:00:00Z"),
    cliVersion: "0.1.0",
  });
  return { a, journal, calls };
}

const change: ApplyStepIn = {
  target: "staging",
  journal: "i-1/resources.jobs.a",
  refs: {},
  change: {
    node: "resources.jobs.a",
    action: "create",
    entry: { action: "create", new_state: { value: { name: "a" } } },
    refs: [],
  },
};

describe("BundleApplyChange", () => {
  it("a create the workspace refuses (4xx) comes back as data, so it is not retried", async () => {
    const { a } = activities(() =>
      Promise.reject(
        new DatabricksError({
          errorCode: "INVALID_PARAMETER_VALUE",
          message: "bad",
          status: 400,
          retryable: false,
        }),
      ),
    );
    const settled = await settleActivity(() => a.apply(change));
    expect(settled).toEqual({
      ok: false,
      error: { code: "CHANGE_REFUSED", message: "cannot create resources.jobs.a: bad" },
    });
  });

  it("a transient failure is thrown (retried by the policy) and leaves the journal at creating", async () => {
    const { a, journal } = activities(() =>
      Promise.reject(
        new DatabricksError({ errorCode: "INTERNAL_ERROR", message: "x", status: 500, retryable: true }),
      ),
    );
    await expect(settleActivity(() => a.apply(change))).rejects.toThrow("cannot create resources.jobs.a: x");
    expect(journal.records.get(change.journal)).toEqual({ kind: "creating", at: "2026-01-01T00:00:00.000Z" });
  });

  it("a second run of a noted create returns the noted id without a request", async () => {
    const { a, calls } = activities(() => Promise.resolve({ job_id: "42" }));
    const first = await a.apply(change);
    const again = await a.apply(change);
    expect(first.entry?.__id__).toBe("42");
    expect(again).toEqual(first);
    expect(calls).toEqual(["create"]);
  });

  it("after a create that never reached the workspace (nothing found by name) it creates once more", async () => {
    let n = 0;
    const { a, calls } = activities(() =>
      ++n === 1
        ? Promise.reject(
            new DatabricksError({ errorCode: "INTERNAL_ERROR", message: "x", status: 503, retryable: true }),
          )
        : Promise.resolve({ job_id: "43" }),
    );
    await expect(a.apply(change)).rejects.toThrow();
    expect((await a.apply(change)).entry?.__id__).toBe("43");
    expect(calls).toEqual(["create", "list", "create"]);
  });
});
