import { describe, expect, it } from "vitest";
import { collect, paginate } from "../../../shared/databricks/pagination.js";
import { setup } from "./setup.js";

describe("pagination", () => {
  it("jobs.list follows next_page_token and passes the name filter", async () => {
    const { client, fake, run } = setup([
      { body: { jobs: [{ job_id: 1 }, { job_id: 2 }], has_more: true, next_page_token: "p2" } },
      { body: { jobs: [{ job_id: 3 }], has_more: false } },
    ]);
    const jobs = await run(collect(client.jobs.list({ name: "train", limit: 2 })));
    expect(jobs.map((j) => j.job_id)).toEqual(["1", "2", "3"]);
    expect(fake.requests.map((r) => r.url.search)).toEqual([
      "?name=train&limit=2",
      "?name=train&limit=2&page_token=p2",
    ]);
  });

  it("jobs.get merges paginated tasks, job_clusters, parameters and environments", async () => {
    const { client, fake, run } = setup([
      {
        body: {
          job_id: 7,
          next_page_token: "a",
          settings: { name: "big", tasks: [{ task_key: "t1" }], job_clusters: [{ job_cluster_key: "c1" }] },
        },
      },
      {
        body: {
          job_id: 7,
          next_page_token: "b",
          settings: { tasks: [{ task_key: "t2" }], parameters: [{ name: "p", default: "1" }] },
        },
      },
      {
        body: {
          job_id: 7,
          settings: {
            tasks: [{ task_key: "t3" }],
            job_clusters: [{ job_cluster_key: "c2" }],
            environments: [{ environment_key: "e" }],
          },
        },
      },
    ]);
    const job = await run(client.jobs.get("7"));
    expect(job.settings?.tasks?.map((t) => t.task_key)).toEqual(["t1", "t2", "t3"]);
    expect(job.settings?.job_clusters?.map((c) => c.job_cluster_key)).toEqual(["c1", "c2"]);
    expect(job.settings?.parameters).toEqual([{ name: "p", default: "1" }]);
    expect(job.settings?.environments).toEqual([{ environment_key: "e" }]);
    expect(job.settings?.name).toBe("big");
    expect(job).not.toHaveProperty("next_page_token");
    expect(fake.requests.map((r) => r.url.searchParams.get("page_token"))).toEqual([null, "a", "b"]);
  });

  it("jobs.getRun merges tasks, repair history and parameters across pages", async () => {
    const { client, run } = setup([
      { body: { run_id: 1, tasks: [{ task_key: "a" }], repair_history: [{ id: 11 }], next_page_token: "n" } },
      {
        body: {
          run_id: 1,
          tasks: [{ task_key: "b" }],
          repair_history: [{ id: 12 }],
          job_parameters: [{ name: "x", value: "1" }],
        },
      },
    ]);
    const r = await run(client.jobs.getRun("1"));
    expect(r.tasks?.map((t) => t.task_key)).toEqual(["a", "b"]);
    expect(r.repair_history?.map((h) => h.id)).toEqual(["11", "12"]);
    expect(r.job_parameters).toEqual([{ name: "x", value: "1" }]);
  });

  it("jobs.getRun of a for-each task pages iterations, not tasks", async () => {
    const { client, run } = setup([
      {
        body: {
          run_id: 1,
          tasks: [{ task_key: "loop" }],
          iterations: [{ task_key: "loop", run_id: 2 }],
          next_page_token: "n",
        },
      },
      { body: { run_id: 1, tasks: [{ task_key: "loop" }], iterations: [{ task_key: "loop", run_id: 3 }] } },
    ]);
    const r = await run(client.jobs.getRun("1"));
    expect(r.tasks).toHaveLength(1);
    expect(r.iterations?.map((t) => t.run_id)).toEqual(["2", "3"]);
  });

  it("runs list, MLflow searches, metric history and UC versions all page", async () => {
    const { client, fake, run } = setup([
      { body: { runs: [{ run_id: 1 }], next_page_token: "r2" } },
      { body: { runs: [{ run_id: 2 }] } },
      { body: { runs: [{ info: { run_id: "a", experiment_id: "1" } }], next_page_token: "s2" } },
      { body: { runs: [{ info: { run_id: "b", experiment_id: "1" } }] } },
      { body: { metrics: [{ key: "loss", value: 1, timestamp: 1 }], next_page_token: "m2" } },
      { body: { metrics: [{ key: "loss", value: 0.5, timestamp: 2 }] } },
      { body: { model_versions: [{ version: 1 }], next_page_token: "u2" } },
      { body: { model_versions: [{ version: 2 }] } },
    ]);
    expect(
      (await run(collect(client.jobs.listRuns({ job_id: "5", active_only: true })))).map((r) => r.run_id),
    ).toEqual(["1", "2"]);
    expect(
      (await run(collect(client.mlflow.searchRuns({ experiment_ids: ["1"] })))).map((r) => r.info.run_id),
    ).toEqual(["a", "b"]);
    expect((await run(collect(client.mlflow.getMetricHistory("a", "loss")))).map((m) => m.value)).toEqual([
      1, 0.5,
    ]);
    expect(
      (await run(collect(client.unityCatalog.listModelVersions("c.s.m")))).map((v) => v.version),
    ).toEqual([1, 2]);
    expect(fake.requests[1]?.url.search).toBe("?job_id=5&active_only=true&page_token=r2");
    expect(fake.bodyOf(3)).toEqual({ experiment_ids: ["1"], page_token: "s2" });
    expect(fake.requests[5]?.url.search).toBe("?run_id=a&metric_key=loss&page_token=m2");
    expect(fake.requests[7]?.url.search).toBe("?page_token=u2");
  });

  it("is lazy and stops on a repeated token", async () => {
    const asked: (string | undefined)[] = [];
    const pages = paginate(async (token) => {
      asked.push(token);
      await Promise.resolve();
      return { items: [asked.length], nextPageToken: "same" };
    });
    expect(await collect(pages)).toEqual([1, 2]);
    expect(asked).toEqual([undefined, "same"]);
  });
});
