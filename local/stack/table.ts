import type { RunningComponent } from "./supervise.js";

/** One row per endpoint: the component name on its first row only, so Azurite's three services group. */
export function componentTable(
  components: readonly RunningComponent[],
  state: (c: RunningComponent) => string,
): string {
  const rows: string[][] = [["component", "endpoint", "url", "state", "log"]];
  for (const c of components) {
    c.spec.endpoints.forEach((endpoint, i) => {
      const first = i === 0;
      rows.push([
        first ? c.spec.name : "",
        endpoint.label,
        endpoint.url,
        first ? state(c) : "",
        first ? c.logFile : "",
      ]);
    });
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]): string =>
    row
      .map((cell, col) => cell.padEnd(widths[col]!))
      .join("  ")
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** What to try once the stack is up. No token or key is printed: they are in stack.json. */
export function nextSteps(
  urls: { host: string; mlflow: string; databricks: string },
  stackFile: string,
): string {
  return [
    "Try next:",
    `  curl ${urls.host}/api/health`,
    `  open ${urls.mlflow} for the MLflow UI (experiments, runs, registered models)`,
    `  point the Databricks SDK or the bundle CLI at ${urls.databricks} (DATABRICKS_HOST; DATABRICKS_TOKEN is in stack.json)`,
    "  npm run land -- <file-or-folder> landing/churn/customers/date=<yyyy-MM-dd> lands data; the Event Grid emulator delivers it",
    `  scripts read every URL, the emulator token and the Azurite connection string from ${stackFile}`,
    "Ctrl-C stops everything and keeps the state; `npm start -- --fresh` starts from empty state.",
  ].join("\n");
}
