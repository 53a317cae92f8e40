import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_TAR_LIMITS, extractTarball } from "../../../shared/github/tarball.js";
import { chunks, craftTar, type CraftedEntry } from "./tar-builder.js";

const TOP = "acme-ml-6113728";
const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tarball-"));
  dirs.push(dir);
  return join(dir, "out");
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function extract(entries: readonly CraftedEntry[], limits = DEFAULT_TAR_LIMITS) {
  const dest = freshDir();
  const result = await extractTarball(chunks(craftTar(entries)), dest, limits).then(
    (r) => ({ ok: true as const, r }),
    (error: unknown) => ({
      ok: false as const,
      error: error as { code?: string; details?: Record<string, unknown> },
    }),
  );
  return { dest, result };
}

describe("extractTarball: what GitHub sends", () => {
  it("extracts a `git archive` tarball of this repository, top folder stripped", async () => {
    const tgz = execFileSync("git", [
      "archive",
      "--format=tar.gz",
      `--prefix=${TOP}/`,
      "HEAD",
      "bundles/churn",
    ]);
    const dest = freshDir();
    const result = await extractTarball(chunks(tgz), dest);
    expect(result.prefix).toBe(TOP);
    expect(readFileSync(join(dest, "bundles/churn/databricks.yml"), "utf8")).toBe(
      readFileSync("bundles/churn/databricks.yml", "utf8"),
    );
    expect(result.files).toBeGreaterThan(3);
  });

  it("keeps files, folders, executables and symlinks that stay inside", async () => {
    const { dest, result } = await extract([
      { path: `${TOP}/`, type: "Directory" },
      { path: `${TOP}/bundles/churn/run.sh`, body: "#!/bin/sh\n", mode: 0o4777 },
      { path: `${TOP}/bundles/churn/README.md`, body: "hi" },
      { path: `${TOP}/bundles/churn/docs`, type: "SymbolicLink", linkpath: "../../docs" },
      { path: `${TOP}/docs/`, type: "Directory" },
    ]);
    expect(result).toEqual({ ok: true, r: { prefix: TOP, files: 2, bytes: 12 } });
    expect(statSync(join(dest, "bundles/churn/run.sh")).mode & 0o7777).toBe(0o755);
    expect(readlinkSync(join(dest, "bundles/churn/docs"))).toBe("../../docs");
  });
});

describe("extractTarball: refuses unsafe archives", () => {
  it.each<[string, CraftedEntry, string]>([
    ["an absolute path", { path: "/etc/cron.d/x", body: "x" }, "absolute_path"],
    ["a .. segment", { path: `${TOP}/../../escape.txt`, body: "x" }, "parent_segment"],
    ["a path outside the top folder", { path: "other-top/x", body: "x" }, "outside_prefix"],
    [
      "a symlink to an absolute path",
      { path: `${TOP}/l`, type: "SymbolicLink", linkpath: "/etc/passwd" },
      "link_escapes_root",
    ],
    [
      "a symlink climbing out",
      { path: `${TOP}/a/l`, type: "SymbolicLink", linkpath: "../../x" },
      "link_escapes_root",
    ],
    ["a hard link", { path: `${TOP}/h`, type: "Link", linkpath: `${TOP}/README.md` }, "hard_link"],
    ["a character device", { path: `${TOP}/dev`, type: "CharacterDevice" }, "special_file"],
    ["a FIFO", { path: `${TOP}/fifo`, type: "FIFO" }, "special_file"],
    ["a backslash path", { path: `${TOP}/a\\..\\..\\x`, body: "x" }, "bad_characters"],
  ])("refuses %s and writes nothing outside", async (_, bad, problem) => {
    const { dest, result } = await extract([{ path: `${TOP}/README.md`, body: "ok" }, bad]);
    expect(result).toMatchObject({ ok: false, error: { code: "UNSAFE_TARBALL", details: { problem } } });
    expect(existsSync(join(dest, "..", "escape.txt"))).toBe(false);
  });

  it("refuses to write through a symlink, even one pointing inside", async () => {
    const { dest, result } = await extract([
      { path: `${TOP}/inside/`, type: "Directory" },
      { path: `${TOP}/l`, type: "SymbolicLink", linkpath: "inside" },
      { path: `${TOP}/l/x.txt`, body: "x" },
    ]);
    expect(result).toMatchObject({ ok: false, error: { details: { problem: "through_link" } } });
    expect(existsSync(join(dest, "inside", "x.txt"))).toBe(false);
  });

  it("refuses a duplicate path instead of overwriting", async () => {
    const { dest, result } = await extract([
      { path: `${TOP}/a.txt`, body: "first" },
      { path: `${TOP}/a.txt`, body: "second" },
    ]);
    expect(result).toMatchObject({ ok: false, error: { details: { problem: "duplicate" } } });
    // The extraction is all or nothing (the caller discards dest); the second copy never lands.
    expect(readFileSync(join(dest, "a.txt"), "utf8")).not.toContain("second");
  });

  it("stops at a file over the per-file cap before writing it", async () => {
    const limits = { ...DEFAULT_TAR_LIMITS, maxFileBytes: 1024 };
    const { dest, result } = await extract([{ path: `${TOP}/big.bin`, body: Buffer.alloc(2048, 1) }], limits);
    expect(result).toMatchObject({ ok: false, error: { code: "TARBALL_TOO_LARGE" } });
    expect(existsSync(join(dest, "big.bin"))).toBe(false);
  });

  it("stops when the files add up past the total cap", async () => {
    const limits = { ...DEFAULT_TAR_LIMITS, maxTotalBytes: 3000 };
    const files = [1, 2, 3].map((i) => ({ path: `${TOP}/f${i}`, body: Buffer.alloc(1200, i) }));
    const { dest, result } = await extract(files, limits);
    expect(result).toMatchObject({ ok: false, error: { code: "TARBALL_TOO_LARGE" } });
    expect(existsSync(join(dest, "f3"))).toBe(false);
  });

  it("stops reading a download over the compressed cap", async () => {
    const limits = { ...DEFAULT_TAR_LIMITS, maxInputBytes: 10_000 };
    const noise = randomBytes(50_000); // incompressible, so the gzip stream itself is over the cap
    const { result } = await extract([{ path: `${TOP}/noise`, body: noise }], limits);
    expect(result).toMatchObject({ ok: false, error: { code: "TARBALL_TOO_LARGE" } });
  });

  it("reports bytes that are not a tar archive", async () => {
    const dest = freshDir();
    await expect(
      extractTarball(chunks(Buffer.from("<html>rate limited</html>".repeat(40))), dest),
    ).rejects.toMatchObject({
      code: "INVALID_TARBALL",
    });
    expect(existsSync(dest) ? readdirSync(dest) : []).toEqual([]);
  });

  it("never leaves a symlink that resolves outside the root", async () => {
    const { dest, result } = await extract([
      { path: `${TOP}/a/`, type: "Directory" },
      { path: `${TOP}/a/l`, type: "SymbolicLink", linkpath: "../.." },
    ]);
    expect(result).toMatchObject({ ok: false, error: { details: { problem: "link_escapes_root" } } });
    expect(readdirSync(join(dest, "a"))).toEqual([]);
  });
});
