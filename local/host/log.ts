/** Levels as the worker's RpcLogLevel names them. */
export type LogLevel = "trace" | "debug" | "information" | "warning" | "error" | "critical" | "none";

/** Host log sink: one line per call. Never pass key values or whole payloads. */
export type HostLogger = (level: LogLevel, message: string) => void;

const rank: Record<LogLevel, number> = { trace: 0, debug: 1, information: 2, warning: 3, error: 4, critical: 5, none: 6 };

export function createConsoleLogger(minLevel: LogLevel = "information"): HostLogger {
  return (level, message) => {
    if (rank[level] < rank[minLevel]) return;
    const line = `[${new Date().toISOString()}] ${message}`;
    if (rank[level] >= rank.error) console.error(line);
    else if (level === "warning") console.warn(line);
    else console.log(line);
  };
}

export function toLogLevel(level: string): LogLevel {
  return level in rank ? (level as LogLevel) : "information";
}
