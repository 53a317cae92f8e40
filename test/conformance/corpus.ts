import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { prepareSchema, type JsonSchema, type PreparedSchema } from "../../shared/bundles/index.js";

export const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** The corpus lives next to the repository (`<repo>/../shared/...`) and is not vendored. */
export const CORPUS_DIR = resolve(REPO_ROOT, "../shared/conformance/databricks-cli");
export const SCHEMA_FILE = resolve(REPO_ROOT, "../shared/reference/databricks-bundle-schema.json");

export interface CaseMeta {
  readonly name: string;
  readonly dir: string;
  readonly commands: string[];
  readonly isServicePrincipal: boolean;
  readonly repls: { Old: string; New: string }[];
  readonly testdirParentFiles: string[];
}

export const corpusPresent = (): boolean => existsSync(join(CORPUS_DIR, "cases")) && existsSync(SCHEMA_FILE);

/**
 * Whether a suite can run: the corpus is read from ../shared, which a user's machine does not have, so
 * a suite without it says so once and skips rather than failing.
 */
export function corpusPresentFor(suite: string): boolean {
  const present = corpusPresent();
  if (!present)
    console.warn(
      `[conformance] SKIPPED ${suite}: corpus not found at ${CORPUS_DIR} (or schema at ${SCHEMA_FILE})`,
    );
  return present;
}

/** The official bundle schema from ../shared, prepared for the engine. */
export const loadSchema = (): PreparedSchema =>
  prepareSchema(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as JsonSchema);

/** A case whose harness threw: that case's failure, not the suite's. */
export interface HarnessFailure {
  readonly name: string;
  readonly status: "fail";
  readonly reason: string;
}

/**
 * Runs the cases one after another (each sets up its own fake workspace); a harness exception becomes
 * that case's failure, so one broken case does not hide the results of the others.
 */
export async function runCases<R>(
  cases: readonly CaseMeta[],
  run: (c: CaseMeta) => Promise<R>,
): Promise<(R | HarnessFailure)[]> {
  const out: (R | HarnessFailure)[] = [];
  for (const c of cases) {
    try {
      out.push(await run(c));
    } catch (e) {
      out.push({
        name: c.name,
        status: "fail",
        reason: `harness error: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
  return out;
}

export function listCases(): CaseMeta[] {
  const casesDir = join(CORPUS_DIR, "cases");
  return readdirSync(casesDir)
    .sort()
    .map((name) => {
      const dir = join(casesDir, name);
      const meta = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as {
        commands: string[];
        harness?: { is_service_principal?: boolean; case_repls?: { Old: string; New: string }[] };
        testdir_parent_files?: string[];
      };
      return {
        name,
        dir,
        commands: meta.commands,
        isServicePrincipal: meta.harness?.is_service_principal === true,
        repls: meta.harness?.case_repls ?? [],
        testdirParentFiles: meta.testdir_parent_files ?? [],
      };
    });
}

export const runsValidateJson = (c: CaseMeta): boolean =>
  c.commands.some((l) => /bundle validate/.test(l) && /(-o|--output) json/.test(l)) ||
  (c.commands.some((l) => l.includes("$TESTDIR/../_script")) &&
    /validate -o json/.test(parentFile(c, "_script") ?? ""));

export function parentFile(c: CaseMeta, name: string): string | undefined {
  const p = join(c.dir, "testdir_parent", name);
  return existsSync(p) ? readFileSync(p, "utf8") : undefined;
}

/** The directory the case's bundle is read from (cases copying `$TESTDIR/..` use those files). */
export const inputDir = (c: CaseMeta): string =>
  c.commands.some((l) => l.startsWith("cp $TESTDIR/../"))
    ? join(c.dir, "testdir_parent")
    : join(c.dir, "input");

const SUPPORTED = new Set(["jobs", "experiments", "models", "registered_models"]);

/** Resource types declared anywhere in the case's YAML (root and target overrides). */
export function foreignResourceTypes(dir: string): string[] {
  const found = new Set<string>();
  const visit = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.ya?ml$/.test(e.name)) collect(readFileSync(p, "utf8"), found);
    }
  };
  visit(dir);
  return [...found].filter((t) => !SUPPORTED.has(t));
}

function collect(text: string, out: Set<string>): void {
  let doc: unknown;
  try {
    doc = parse(text, { uniqueKeys: false });
  } catch {
    return;
  }
  const d = (doc ?? {}) as { resources?: object; targets?: Record<string, { resources?: object } | null> };
  for (const k of Object.keys(d.resources ?? {})) out.add(k);
  for (const t of Object.values(d.targets ?? {})) for (const k of Object.keys(t?.resources ?? {})) out.add(k);
}
