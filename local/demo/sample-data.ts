import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { land, parseLakePath } from "../eventgrid/land.js";

const run = promisify(execFile);

export interface SamplePartition {
  readonly date: string;
  readonly seed: number;
}

/**
 * Generates a churn sample partition with the bundle's own generator (churn.datagen: stable rule, no
 * drift, so the gate passes) and lands it as `npm run land` does: files first, `_SUCCESS` last.
 */
export async function landSample(options: {
  python: string;
  bundleRoot: string;
  connectionString: string;
  account: string;
  /** `<filesystem>/<folder>` holding the `date=` partitions, e.g. landing-staging/churn/customers. */
  lakeRoot: string;
  partition: SamplePartition;
}): Promise<{ files: number; where: string }> {
  const out = mkdtempSync(join(tmpdir(), "demo-datagen-"));
  try {
    const { date, seed } = options.partition;
    const args = [
      "-m",
      "churn.datagen",
      "--out",
      out,
      "--date",
      date,
      "--seed",
      String(seed),
      "--parts",
      "2",
    ];
    await run(options.python, args, { cwd: options.bundleRoot, timeout: 120_000 });
    const location = parseLakePath(`${options.lakeRoot}/date=${date}`, options.account);
    const result = await land({
      connectionString: options.connectionString,
      source: join(out, `date=${date}`),
      location,
      marker: "_SUCCESS",
    });
    return { files: result.files.length, where: `${location.container}/${location.prefix}` };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** `yyyy-MM-dd` of a UTC day `daysBack` before `now`. */
export function utcDate(now: number, daysBack = 0): string {
  return new Date(now - daysBack * 86_400_000).toISOString().slice(0, 10);
}
