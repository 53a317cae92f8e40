import { createWriteStream, mkdirSync, symlinkSync, type WriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { finished } from "node:stream/promises";
import { Parser, type ReadEntry } from "tar";
import { PayloadTooLargeError, ValidationError } from "../errors/taxonomy.js";
import { planEntry, topFolderOf } from "./tar-entry-rules.js";

/** Caps on one source tarball; a bundle repository is code and YAML, so these are generous. */
export interface TarLimits {
  /** Compressed bytes read from the download. */
  readonly maxInputBytes: number;
  /** Sum of the files' sizes. */
  readonly maxTotalBytes: number;
  readonly maxFileBytes: number;
  readonly maxEntries: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = Object.freeze({
  maxInputBytes: 200 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxFileBytes: 100 * 1024 * 1024,
  maxEntries: 50_000,
});

export interface ExtractResult {
  /** The stripped top folder (`owner-repo-sha`). */
  readonly prefix: string;
  readonly files: number;
  readonly bytes: number;
}

const refuse = (problem: string, path: string) =>
  new ValidationError(`Unsafe entry in source tarball: ${problem}`, {
    code: "UNSAFE_TARBALL",
    details: { problem, path: path.slice(0, 200) },
  });

/**
 * Extracts a GitHub tarball (gzip; `tar` also reads plain) into `dest`, an empty folder the caller
 * created, streaming with a size cap. The first unsafe entry aborts everything: a snapshot is all or
 * nothing, and the caller deletes `dest` on failure.
 *
 * @throws ValidationError UNSAFE_TARBALL / INVALID_TARBALL, PayloadTooLargeError TARBALL_TOO_LARGE
 */
export async function extractTarball(
  input: AsyncIterable<Uint8Array>,
  dest: string,
  limits: TarLimits = DEFAULT_TAR_LIMITS,
): Promise<ExtractResult> {
  const parser = new Parser({ strict: true });
  const state = { prefix: undefined as string | undefined, files: 0, bytes: 0, entries: 0 };
  const links = new Set<string>();
  const seen = new Set<string>();
  const writes: Promise<unknown>[] = [];
  const open = new Set<WriteStream>();
  let failure: Error | undefined;
  const fail = (err: Error) => {
    if (failure !== undefined) return;
    failure = err;
    parser.abort(err);
    // An aborted parser never ends the entry being written; close its file so nothing waits forever.
    for (const out of open) out.destroy();
  };
  const onEntry = (entry: ReadEntry) => {
    if (failure !== undefined) return void entry.resume();
    state.prefix ??= topFolderOf(entry.path) ?? "";
    const plan = planEntry(entry, state.prefix, links, seen);
    if (++state.entries > limits.maxEntries)
      return fail(
        new PayloadTooLargeError("Source tarball has too many entries", { code: "TARBALL_TOO_LARGE" }),
      );
    if (plan.kind === "skip") return void entry.resume();
    if (plan.kind === "reject") return fail(refuse(plan.problem, plan.path));
    seen.add(plan.path);
    const target = join(dest, plan.path);
    if (plan.kind === "dir") {
      mkdirSync(target, { recursive: true });
      return void entry.resume();
    }
    mkdirSync(dirname(target), { recursive: true });
    if (plan.kind === "symlink") {
      links.add(plan.path);
      symlinkSync(plan.target, target);
      return void entry.resume();
    }
    state.bytes += entry.size;
    if (entry.size > limits.maxFileBytes || state.bytes > limits.maxTotalBytes) {
      return fail(
        new PayloadTooLargeError("Source tarball exceeds the size limit", {
          code: "TARBALL_TOO_LARGE",
          details: { path: plan.path.slice(0, 200) },
        }),
      );
    }
    state.files++;
    // "wx": never follow or overwrite something already at that path.
    const out = createWriteStream(target, { flags: "wx", mode: plan.mode });
    open.add(out);
    const written = finished(out).finally(() => open.delete(out));
    writes.push(written.catch((err: unknown) => fail(err instanceof Error ? err : new Error(String(err)))));
    entry.pipe(out);
  };
  parser.on("entry", onEntry);
  const done = new Promise<void>((resolve, reject) => {
    parser.on("end", () => resolve());
    parser.on("error", (err: Error) => reject(err));
    parser.on("abort", (err: Error) => reject(err));
  });
  done.catch(() => undefined);
  let read = 0;
  for await (const chunk of input) {
    read += chunk.byteLength;
    if (read > limits.maxInputBytes)
      fail(
        new PayloadTooLargeError("Source tarball download exceeds the size limit", {
          code: "TARBALL_TOO_LARGE",
        }),
      );
    if (failure !== undefined) break;
    if (!parser.write(Buffer.from(chunk)))
      await Promise.race([new Promise((r) => parser.once("drain", r)), done.catch(() => undefined)]);
  }
  if (failure === undefined) parser.end();
  await done.catch((err: unknown) => fail(err instanceof Error ? err : new Error(String(err))));
  await Promise.all(writes);
  if (failure !== undefined)
    throw failure instanceof ValidationError || failure instanceof PayloadTooLargeError
      ? failure
      : new ValidationError("Source tarball is not a valid tar archive", {
          code: "INVALID_TARBALL",
          cause: failure,
        });
  return { prefix: state.prefix ?? "", files: state.files, bytes: state.bytes };
}
