/** Levels as the worker's RpcLogLevel names them. */
export type LogLevel = "trace" | "debug" | "information" | "warning" | "error" | "critical" | "none";

/** Host log sink: one line per call. Never pass key values or whole payloads. */
export type HostLogger = (level: LogLevel, message: string) => void;

const rank: Record<LogLevel, number> = {
  trace: 0,
  debug: 1,
  information: 2,
  warning: 3,
  error: 4,
  critical: 5,
  none: 6,
};

/** `minLevel` may be a function: the host learns its level from host.json only after the logger exists. */
export function createConsoleLogger(minLevel: LogLevel | (() => LogLevel) = "information"): HostLogger {
  const threshold = typeof minLevel === "function" ? minLevel : () => minLevel;
  return (level, message) => {
    if (rank[level] < rank[threshold()]) return;
    const line = `[${new Date().toISOString()}] ${message}`;
    if (rank[level] >= rank.error) console.error(line);
    else if (level === "warning") console.warn(line);
    else console.log(line);
  };
}

export function toLogLevel(level: string): LogLevel {
  return level in rank ? (level as LogLevel) : "information";
}

/** host.json `logging.logLevel.default` ("Information", "Warning", ...), as func applies it; undefined if unset. */
export function hostJsonLogLevel(hostJson: Record<string, unknown>): LogLevel | undefined {
  const logging = hostJson.logging as { logLevel?: { default?: unknown } } | undefined;
  const value = logging?.logLevel?.default;
  if (typeof value !== "string") return undefined;
  const level = value.toLowerCase();
  return level in rank ? (level as LogLevel) : undefined;
}
