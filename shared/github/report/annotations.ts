import { posix } from "node:path";
import type { ReportAnnotation } from "./deploy-report.js";

/** The parts of a bundle engine diagnostic (shared/bundles/diagnostics.ts) an annotation needs. */
export interface LocatedProblem {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly locations: readonly { readonly file: string; readonly line: number }[];
}

/**
 * Check run annotations for a failed deploy: one per error and YAML location, the file made relative to
 * the repository (`bundleRoot` is the bundle's folder, locations are relative to it). Errors without a
 * location, or with one outside the bundle, stay in the summary only: GitHub refuses unknown paths.
 */
export function annotationsFromDiagnostics(
  diagnostics: readonly LocatedProblem[],
  bundleRoot: string,
): ReportAnnotation[] {
  return diagnostics
    .filter((d) => d.severity === "error")
    .flatMap((d) =>
      d.locations
        .filter((l) => !posix.isAbsolute(l.file) && !posix.normalize(l.file).startsWith(".."))
        .map((l) => ({
          path: posix.join(bundleRoot, l.file),
          line: l.line,
          message: d.detail === undefined ? d.summary : `${d.summary}\n\n${d.detail}`,
        })),
    );
}
