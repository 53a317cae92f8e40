import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

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

export function listCases(): CaseMeta[] {
  const casesDir = join(CORPUS_DIR, "cases");
  return readdirSync(casesDir).sort().map((name) => {
    const dir = join(casesDir, name);
    const meta = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as {
      commands: string[];
      harness?: { is_service_principal?: boolean; case_repls?: { Old: string; New: string }[] };
      testdir_parent_files?: string[];
    };
    return {
      name, dir, commands: meta.commands,
      isServicePrincipal: meta.harness?.is_service_principal === true,
      repls: meta.harness?.case_repls ?? [],
      testdirParentFiles: meta.testdir_parent_files ?? [],
    };
  });
}

export const runsValidateJson = (c: CaseMeta): boolean =>
  c.commands.some((l) => /bundle validate/.test(l) && /(-o|--output) json/.test(l)) ||
  (c.commands.some((l) => l.includes("$TESTDIR/../_script")) && /validate -o json/.test(parentFile(c, "_script") ?? ""));

export function parentFile(c: CaseMeta, name: string): string | undefined {
  const p = join(c.dir, "testdir_parent", name);
  return existsSync(p) ? readFileSync(p, "utf8") : undefined;
}

/** The directory the case's bundle is read from (cases copying `$TESTDIR/..` use those files). */
export const inputDir = (c: CaseMeta): string =>
  c.commands.some((l) => l.startsWith("cp $TESTDIR/../")) ? join(c.dir, "testdir_parent") : join(c.dir, "input");

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
