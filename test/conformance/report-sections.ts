import type { CaseResult } from "./run-case.js";

type Failed = Extract<CaseResult, { status: "fail" }>;

/**
 * The parts every conformance report shares: the pass-rate line and the Passing / Failing / Out of
 * subset sections. `describeFailure` lets a suite add what it knows about a failure's cause.
 */
export function caseSections(
  results: readonly CaseResult[],
  describeFailure: (r: Failed) => string = (r) => r.reason,
): { passRate: string; sections: string[] } {
  const inSubset = results.filter((r) => r.status !== "out-of-subset");
  const passed = inSubset.filter((r) => r.status === "pass");
  const failed = inSubset.filter((r): r is Failed => r.status === "fail");
  const out = results.filter(
    (r): r is Extract<CaseResult, { status: "out-of-subset" }> => r.status === "out-of-subset",
  );
  const pct = inSubset.length === 0 ? 0 : Math.round((passed.length / inSubset.length) * 1000) / 10;
  return {
    passRate: `**Pass rate: ${passed.length}/${inSubset.length} (${pct}%)** of in-subset cases.`,
    sections: [
      "## Passing",
      "",
      ...passed.map((r) => `- \`${r.name}\``),
      "",
      "## Failing",
      "",
      ...(failed.length === 0 ? ["(none)"] : failed.map((r) => `- \`${r.name}\`: ${describeFailure(r)}`)),
      "",
      "## Out of subset",
      "",
      ...out.map((r) => `- \`${r.name}\`: ${r.reason}`),
      "",
    ],
  };
}
