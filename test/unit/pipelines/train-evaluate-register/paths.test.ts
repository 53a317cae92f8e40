import { describe, expect, it } from "vitest";
import { pipelineInstanceId } from "../../../../shared/pipelines/landing/landing.activities.js";
import type { PipelineInput } from "../../../../shared/pipelines/train-evaluate-register/pipeline.contracts.js";
import { batchProblem } from "../../../../shared/pipelines/train-evaluate-register/batch-check.js";
import type { PipelineView } from "../../../../shared/pipelines/train-evaluate-register/view.js";
import {
  dataDigest,
  TAG_VALUE_MAX_BYTES,
  versionLineageTags,
} from "../../../../shared/pipelines/train-evaluate-register/version-tags.js";
import { input, key, world } from "./world.js";

const file = (path: string, eTag = "0x1") => ({
  path,
  eTag,
  contentLength: 1,
  sequencer: "01",
  isMarker: false,
});
const withFiles = (...paths: string[]): PipelineInput => ({
  ...input,
  batch: { files: paths.map((p) => file(p)), marker: null },
});
const p = (name: string) => `${key.partition}/${name}`;
// Odd but legitimate names: accents (NFC), CJK, emoji, spaces, URL-special characters.
const odd = [p("clients-é.csv"), p("顧客 データ.csv"), p("📈 part#1?.csv"), p("100%25 done.csv")];

describe("unsafe paths in a landed batch", () => {
  it.each([
    ["traversal", p("../../secrets/key.csv"), ". or .. segments"],
    ["outside the partition", "other/partition/part-0.csv", "outside the partition"],
    ["a comma (would split input_paths)", p("a,b.csv"), "comma"],
    ["a zero-width space", p("part\u200b-0.csv"), "invisible"],
    ["a right-to-left override", p("part\u202e-0.csv"), "invisible"],
    ["decomposed unicode (NFD)", p("clients-e\u0301.csv"), "normal form C"],
    ["a backslash", p("..\\x.csv"), "backslash"],
    ["an encoded slash", p("a%2f..%2fb.csv"), "percent-encoded"],
  ])("refuses %s", (_, path, reason) => {
    expect(batchProblem(key, withFiles(p("ok.csv"), path).batch)).toContain(reason);
  });

  it("accepts odd but unambiguous names", () => {
    expect(batchProblem(key, withFiles(...odd).batch)).toBeUndefined();
  });

  it("names three bad paths and counts the rest, so the status stays short", () => {
    const bad = Array.from({ length: 500 }, (_, i) => p(`../x${i}.csv`));
    const message = batchProblem(key, withFiles(...bad).batch) ?? "";
    expect(message).toMatch(/and 497 more$/);
    expect(message.length).toBeLessThan(600);
  });

  it("ends the pipeline failed before any activity, and still writes a parseable manifest", async () => {
    const traversal = p("../../etc/passwd");
    const w = world({ input: withFiles(p("ok.csv"), traversal) });
    const run = await w.run();
    const view = run.output as PipelineView;
    expect(run.status).toBe("completed");
    expect(view.outcome).toBe("failed");
    expect(view.error).toContain(JSON.stringify(traversal));
    expect(run.steps.map((s) => (s as { name?: string }).name)).toEqual(["WriteLineage"]);
    const manifest = w.lineage[0]?.manifest;
    expect(JSON.parse(JSON.stringify(manifest))).toEqual(manifest);
    expect(manifest?.files.map((f) => f.path)).toEqual([p("ok.csv"), traversal]);
  });

  it("trains on odd names verbatim: job parameters, tags and manifest keep them exactly", async () => {
    const w = world({ input: withFiles(...odd) });
    const view = (await w.run()).output as PipelineView;
    expect(view.outcome).toBe("registered");
    expect(w.jobs.train.runNowRequests[0]?.job_parameters?.["input_paths"]?.split(",")).toEqual(
      odd.map((path) => `abfss://landing@devstoreaccount1.dfs.core.windows.net/${path}`),
    );
    expect(w.tagged[0]?.lineage.files.map((f) => f.path)).toEqual(odd);
    expect(w.lineage[0]?.manifest.files.map((f) => f.path)).toEqual(odd);
  });

  it("gives every batch, odd or hostile, an instance id the status API accepts", () => {
    const ids = [withFiles(...odd), withFiles(p("../../x.csv")), withFiles(p("a\u202eb.csv"))].map((i) =>
      pipelineInstanceId(i),
    );
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._:-]{1,100}$/);
    expect(new Set(ids).size).toBe(3);
  });
});

describe("version lineage tags", () => {
  const lineage = (files: { path: string; eTag: string }[]) => ({
    orchestrationId: "tr-0123",
    bundle: "churn",
    serial: 12,
    commit: "0123456789abcdef0123456789abcdef01234567",
    files,
    manifest: "abfss://landing@devstoreaccount1.dfs.core.windows.net/_orchestrator/runs/tr-0123.json",
  });

  it("stays within MLflow's guaranteed sizes for 10,000 long unicode paths", () => {
    const long = "𝔡".repeat(250); // 4 bytes each in UTF-8: 1,000 bytes per segment
    const files = Array.from({ length: 10_000 }, (_, i) => ({ path: p(`${long}/${i}.csv`), eTag: `0x${i}` }));
    const tags = versionLineageTags(lineage(files));
    for (const value of Object.values(tags))
      expect(Buffer.byteLength(value, "utf8")).toBeLessThanOrEqual(TAG_VALUE_MAX_BYTES);
    expect(tags).toMatchObject({
      orchestration_id: "tr-0123",
      commit_sha: "0123456789abcdef0123456789abcdef01234567",
      bundle_name: "churn",
      bundle_deployment_serial: "12",
      data_file_count: "10000",
    });
    expect(tags["data_digest"]).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("digests the (path, eTag) pairs whatever their order, and changes with any eTag", () => {
    const a = { path: p("a.csv"), eTag: "0x1" };
    const b = { path: p("b.csv"), eTag: "0x2" };
    expect(dataDigest([a, b])).toBe(dataDigest([b, a]));
    expect(dataDigest([a, { ...b, eTag: "0x3" }])).not.toBe(dataDigest([a, b]));
  });

  it("leaves commit_sha out rather than tag an empty value when deployed from outside git", () => {
    expect(versionLineageTags({ ...lineage([]), commit: null })).not.toHaveProperty("commit_sha");
  });
});
