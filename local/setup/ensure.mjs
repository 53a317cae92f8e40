#!/usr/bin/env node
// Pre-hook of `npm start`, `npm test` and the benchmarks: brings a fresh clone to a runnable state with
// nothing else typed (issue #2, "two commands"). Plain Node with no dependencies, because it runs before
// node_modules exists. Each step is skipped when its inputs have not changed since the last run.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mergeLocalSettings } from "./local-settings.mjs";
import { ensureStackVenv, ensureVenv, venvPaths } from "./venv.mjs";

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

// --- The stack's Python (issue #3, item 3): .local/venv + local/setup/requirements-stack.txt -------------
// Fatal: `npm start` and `npm test` run a real MLflow server from this venv (docs/adr/0005-mlflow-and-venv.md).
try {
  const stack = ensureStackVenv();
  // A venv built afresh has none of the dev tools, whatever their marker says.
  if (stack.created) rmSync(join(stateDir, "python-dev-tools.hash"), { force: true });
} catch (err) {
  process.stderr.write(`setup: the stack's Python environment could not be set up: ${err.message}\n`);
  process.exit(1);
}
// --- end of the stack's Python ---------------------------------------------------------------------------

// --- Python dev tools (issue #9): .local/venv + local/setup/requirements-dev.txt, and actionlint ----------
// Not fatal: without Python or Go the checks that need these tools skip with a notice.
const { dir: venvDir, bin: venvBin, python: venvPython } = venvPaths();
const devRequirements = "local/setup/requirements-dev.txt";

function tryRun(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env, shell: process.platform === "win32" });
  return r.status === 0;
}

function hasGo() {
  return spawnSync("go", ["version"], { cwd: root }).status === 0;
}

function installDevTools() {
  ensureVenv(venvDir); // shared with the stack step: one place decides how the venv is built
  const pip = [
    venvPython,
    ["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", devRequirements],
  ];
  if (!tryRun(...pip)) throw new Error("pip install failed");
  const pinned = /^# actionlint (\S+@\S+)$/m.exec(readFileSync(join(root, devRequirements), "utf8"))?.[1];
  if (pinned && hasGo()) {
    const env = { ...process.env, GOBIN: venvBin, GOTOOLCHAIN: "local", GOFLAGS: "-modcacherw" };
    if (!tryRun("go", ["install", pinned], env)) throw new Error(`go install ${pinned} failed`);
  } else if (pinned) {
    process.stdout.write(
      "setup: notice: Go is not on PATH, so actionlint is not built; the workflow lint test will skip\n",
    );
  }
}

try {
  once(
    "python-dev-tools",
    [devRequirements],
    () => existsSync(venvPython) && (existsSync(join(venvBin, "actionlint")) || !hasGo()),
    () => {
      const started = Date.now();
      process.stdout.write("setup: installing Python dev tools into .local/venv...\n");
      installDevTools();
      process.stdout.write(
        `setup: Python dev tools done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
      );
    },
  );
} catch (err) {
  process.stdout.write(
    `setup: notice: Python dev tools not installed (${err.message}); checks needing them skip\n`,
  );
}
// --- end of Python dev tools ---------------------------------------------------------------------------------

// The local host reads local.settings.json like func does; start from the sample, never overwrite edits
// (settings a newer sample adds are merged in: local-settings.mjs).
const localSettings = join(root, "local.settings.json");
const sampleText = readFileSync(join(root, "local.settings.sample.json"), "utf8");
if (!existsSync(localSettings)) {
  writeFileSync(localSettings, sampleText);
  process.stdout.write("setup: wrote local.settings.json from local.settings.sample.json\n");
} else {
  try {
    const merged = mergeLocalSettings(readFileSync(localSettings, "utf8"), sampleText);
    if (merged !== undefined) {
      writeFileSync(localSettings, merged.text);
      process.stdout.write(
        `setup: added ${merged.added.join(", ")} to local.settings.json from the sample\n`,
      );
    }
  } catch (err) {
    process.stdout.write(
      `setup: notice: local.settings.json is not valid JSON (${err.message}); left as it is\n`,
    );
  }
}

// tsc is incremental (dist/.tsbuildinfo), so an unchanged tree builds in a second or two.
run(
  process.execPath,
  [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
  "building",
);
