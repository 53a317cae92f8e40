import { formatPath, type Location, type Path } from "./dyn.js";

/** One finding, shaped like the CLI's libs/diag.Diagnostic so messages can be printed the same way. */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly locations: readonly Location[];
  readonly paths: readonly Path[];
}

export function error(summary: string, loc?: Location, path?: Path, detail?: string): Diagnostic {
  return make("error", summary, loc, path, detail);
}

export function warning(summary: string, loc?: Location, path?: Path, detail?: string): Diagnostic {
  return make("warning", summary, loc, path, detail);
}

function make(
  severity: Diagnostic["severity"],
  summary: string,
  loc: Location | undefined,
  path: Path | undefined,
  detail: string | undefined,
): Diagnostic {
  return {
    severity,
    summary,
    ...(detail === undefined ? {} : { detail }),
    locations: loc === undefined ? [] : [loc],
    paths: path === undefined ? [] : [path],
  };
}

export const hasErrors = (diags: readonly Diagnostic[]): boolean => diags.some((d) => d.severity === "error");

/** Text form used by `bundle validate`: `Error: msg\n  at path\n  in file:line:col\n`. */
export function renderDiagnostic(d: Diagnostic): string {
  const lines = [`${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}`];
  for (const p of d.paths) lines.push(`  at ${formatPath(p)}`);
  d.locations.forEach((l, i) => lines.push(`  ${i === 0 ? "in" : "  "} ${l.file}:${l.line}:${l.column}`));
  if (d.detail !== undefined) lines.push("", d.detail);
  return lines.join("\n") + "\n";
}

/** Thrown only for failures that stop loading altogether (e.g. unreadable root file). */
export class BundleError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.summary).join("; "));
    this.name = "BundleError";
  }
}
