#!/usr/bin/env node
// Pre-hook of `npm start`, `npm test` and the benchmarks: brings a fresh clone to a runnable state with
// nothing else typed (issue #2, "two commands"). Plain Node with no dependencies, because it runs before
// node_modules exists. Each step is skipped when its inputs have not changed since the last run.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const stateDir = join(root, ".local", "setup");
mkdirSync(stateDir, { recursive: true });

function hashOf(files) {
  const h = createHash("sha256");
  for (const f of files) h.update(existsSync(join(root, f)) ? readFileSync(join(root, f)) : "missing");
  return h.digest("hex");
}

function run(cmd, args, what) {
  const started = Date.now();
  process.stdout.write(`setup: ${what}...\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) {
    process.stderr.write(`setup: ${what} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`setup: ${what} done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

/** Runs `step` when the hash of `inputs` differs from the one recorded after its last success. */
function once(name, inputs, check, step) {
  const marker = join(stateDir, `${name}.hash`);
  const current = hashOf(inputs);
  const previous = existsSync(marker) ? readFileSync(marker, "utf8") : "";
  if (previous === current && check()) return;
  step();
  writeFileSync(marker, current);
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

once(
  "npm",
  ["package.json", "package-lock.json"],
  () => existsSync(join(root, "node_modules", ".package-lock.json")),
  () => run(npm, ["ci", "--no-audit", "--no-fund"], "installing npm dependencies"),
);

// tsc is incremental (dist/.tsbuildinfo), so an unchanged tree builds in a second or two.
run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], "building");
