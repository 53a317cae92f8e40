#!/usr/bin/env node
// The stack's Python virtual environment (issue #3, item 3; docs/adr/0005-mlflow-and-venv.md): .local/venv
// with the real MLflow server and the Databricks SDK from local/setup/requirements-stack.txt. Plain Node
// with no dependencies, because ensure.mjs runs it before node_modules exists. `node local/setup/venv.mjs
// [--venv DIR]` runs the step alone and prints its time and the venv's size.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { stackPlan } from "./stack-plan.mjs";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const windows = process.platform === "win32";

/** Where a venv keeps its executables and its interpreter. */
export function venvPaths(venvDir = join(repoRoot, ".local", "venv")) {
  const bin = join(venvDir, windows ? "Scripts" : "bin");
  return { dir: venvDir, bin, python: join(bin, windows ? "python.exe" : "python") };
}

/** The first of python3 / python on PATH that is at least 3.10, or undefined. */
export function findPython() {
  for (const cmd of ["python3", "python"]) {
    const r = spawnSync(cmd, ["-c", "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)"]);
    if (r.status === 0) return cmd;
  }
  return undefined;
}

function runOrThrow(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: "inherit", shell: windows });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
}

/**
 * Creates the venv when its interpreter is missing and returns its paths. Shared by the stack step and the
 * dev-tools step of ensure.mjs, so there is one place that decides which Python the venv is built from.
 */
export function ensureVenv(venvDir) {
  const paths = venvPaths(venvDir);
  if (existsSync(paths.python)) return { ...paths, created: false };
  const python = findPython();
  if (!python) {
    throw new Error(
      "Python >= 3.10 was not found as python3 or python on PATH. The local stack runs a real MLflow " +
        "server from .local/venv; install Python 3.10+ (with the venv module, e.g. apt-get install " +
        "python3-venv) and run the command again.",
    );
  }
  // A half-built venv (interrupted earlier) has a folder but no interpreter; start it afresh.
  rmSync(paths.dir, { recursive: true, force: true });
  mkdirSync(dirname(paths.dir), { recursive: true });
  runOrThrow(python, ["-m", "venv", paths.dir], `${python} -m venv ${paths.dir}`);
  return { ...paths, created: true };
}

/**
 * Installs requirements-stack.txt and the example bundles' dependencies (stack-plan.mjs) into the venv when
 * one of those files (or the venv) changed since the last successful install, recorded as a hash under
 * `stateDir`. Returns whether it installed and how long it took.
 */
export function ensureStackVenv({
  venvDir = join(repoRoot, ".local", "venv"),
  stateDir = join(repoRoot, ".local", "setup"),
  log = (line) => process.stdout.write(`${line}\n`),
} = {}) {
  const venv = ensureVenv(venvDir);
  const plan = stackPlan(repoRoot);
  // The venv's path is part of the hash so that a marker never vouches for a different venv; each file's
  // name too, so that adding or removing a bundle changes it.
  const hash = createHash("sha256");
  for (const file of plan.files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(repoRoot, file)))
      .update("\0");
  hash.update(resolve(venv.dir));
  const digest = hash.digest("hex");
  mkdirSync(stateDir, { recursive: true });
  const marker = join(stateDir, "python-stack.hash");
  if (!venv.created && existsSync(marker) && readFileSync(marker, "utf8") === digest) {
    return { ...venv, installed: false, seconds: 0 };
  }
  const started = Date.now();
  log(
    `setup: installing the stack's Python packages (MLflow, databricks-sdk, bundle dependencies) into ${venv.dir}...`,
  );
  runOrThrow(
    venv.python,
    ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q", ...plan.pipArgs],
    `pip install ${plan.pipArgs.join(" ")}`,
  );
  writeFileSync(marker, digest);
  const seconds = (Date.now() - started) / 1000;
  log(`setup: stack Python packages installed in ${seconds.toFixed(1)}s`);
  return { ...venv, installed: true, seconds };
}

function duSize(dir) {
  const r = spawnSync("du", ["-sh", dir], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.split("\t")[0] : "unknown";
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const at = process.argv.indexOf("--venv");
  const venvDir = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : undefined;
  try {
    const started = Date.now();
    // A venv given on the command line keeps its own marker, so it never disturbs the stack's.
    const venv = ensureStackVenv(venvDir ? { venvDir, stateDir: join(venvDir, ".setup") } : {});
    const total = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `venv: ${venv.dir} ${venv.installed ? "installed" : "up to date"}; ${total}s; size ${duSize(venv.dir)}\n`,
    );
  } catch (err) {
    process.stderr.write(`venv: ${err.message}\n`);
    process.exit(1);
  }
}
