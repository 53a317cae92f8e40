/**
 * The logging surface this client needs; the app's four-method logger satisfies it structurally.
 * Fixed messages, data in fields — and never tokens, headers or bodies (see docs/adr/0003).
 */
export interface DatabricksLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const noop = (): void => undefined;

/** Default logger: drops everything. */
export const silentLogger: DatabricksLogger = { debug: noop, info: noop, warn: noop, error: noop };
