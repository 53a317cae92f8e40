import type { Narrator, RunOutcome } from "./runner.js";

/** `12.3 s` (one decimal: the demo's steps take seconds to minutes). */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Narration on a stream: a numbered heading per step, indented progress with the step's elapsed time. */
export function consoleNarrator(write: (line: string) => void): Narrator {
  return {
    started: (index, count, title) => write(`\n[${index}/${count}] ${title}`),
    progress: (message, elapsedMs) => write(`      ${seconds(elapsedMs).padStart(7)}  ${message}`),
    passed: (_title, ms, detail) => write(`  ok  ${seconds(ms).padStart(7)}  ${detail}`),
    failed: (_title, ms, reason) => write(`  FAIL ${seconds(ms).padStart(6)}  ${reason}`),
  };
}

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The summary: one row per step (state, time, result), then the total; long results are shortened. */
export function summaryTable(outcome: RunOutcome, detailWidth = 90): string {
  const rows = [
    ["#", "step", "state", "time", "result"],
    ...outcome.results.map((r, i) => [
      String(i + 1),
      r.title,
      r.state,
      r.ms === null ? "-" : seconds(r.ms),
      cut(r.detail.replace(/\s+/g, " "), detailWidth),
    ]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]): string =>
    row
      .map((cell, col) => (col === 3 ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join("  ")
      .trimEnd();
  const passed = outcome.results.filter((r) => r.state === "passed").length;
  const total = `${passed}/${outcome.results.length} steps passed in ${seconds(outcome.totalMs)}`;
  return [
    line(rows[0]!),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.slice(1).map(line),
    "",
    total,
  ].join("\n");
}

/** The last line: what failed and why, or that the story is complete. */
export function verdict(outcome: RunOutcome): string {
  return outcome.failure === undefined
    ? "The demo passed: every step of the story worked."
    : `The demo failed at step "${outcome.failure.name}": ${outcome.failure.reason}`;
}
