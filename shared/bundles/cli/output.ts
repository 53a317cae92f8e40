import { renderDiagnostic, type Diagnostic } from "../diagnostics.js";
import type { Plain } from "../dyn.js";
import { identityOf, layoutOf } from "../deploy/layout.js";
import type { Applied } from "../deploy/apply.js";
import type { ActionCounts } from "../plan/render.js";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The header `validate` and `summary` print (bundle/render/render_text_output.go). */
export function header(config: Plain): string {
  const id = identityOf(config);
  let root = "";
  try {
    root = layoutOf(config).root;
  } catch {
    root = "";
  }
  return `Name: ${id.name}\nTarget: ${id.target}\nWorkspace:\n  User: ${id.userName}\n  Path: ${root}\n`;
}

/** Diagnostics, then the header and `Validation OK!` or `Found N errors and M warnings`. */
export function validateText(
  config: Plain | undefined,
  diagnostics: readonly Diagnostic[],
): { stdout: string; stderr: string } {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const found = [errors > 0 ? plural(errors, "error") : "", warnings > 0 ? plural(warnings, "warning") : ""]
    .filter((x) => x !== "")
    .join(" and ");
  const verdict = found === "" ? "Validation OK!" : `Found ${found}`;
  return {
    stderr: diagnostics.map(renderDiagnostic).join("\n"),
    stdout: `${config === undefined ? "" : `${header(config)}\n`}${verdict}\n`,
  };
}

const VERBS: Record<Applied["action"], string> = {
  create: "Created",
  update: "Updated",
  delete: "Deleted",
  recreate: "Recreated",
};

/** One line per change that was applied, sorted by resource key (logDeploySummary). */
export function appliedLines(applied: readonly Applied[]): string {
  return [...applied]
    .sort((a, b) => (a.node < b.node ? -1 : 1))
    .map((a) => `${VERBS[a.action]} ${a.node.replace(/^resources\./, "")}\n`)
    .join("");
}

export const filesLine = (f: { uploaded: number; deleted: number }): string =>
  `Files: ${f.uploaded} uploaded, ${f.deleted} deleted\n`;

export const resourcesLine = (n: ActionCounts): string =>
  `Resources: ${n.add} created, ${n.change} changed, ${n.delete} deleted, ${n.unchanged} unchanged\n`;
