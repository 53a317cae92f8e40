import { redact, redactString } from "./redact.js";

/** Severity, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured data attached to a log line: correlation ids (`deliveryId`, `instanceId`, `runId`, `target`) and facts. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The app's logger. Messages are fixed text ("run submitted"); everything variable goes in fields,
 * so logs stay searchable and redaction can see field names.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** One redacted log record, handed to a {@link LogSink}. */
export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Where entries go: JSON lines on stdout, an InvocationContext, a test array. */
export type LogSink = (entry: LogEntry) => void;

export interface LoggerOptions {
  readonly sink: LogSink;
  /** Entries below this level are dropped. Default "info". */
  readonly level?: LogLevel;
  readonly fields?: LogFields;
  /** Checked per entry; the orchestration logger uses it to stay silent while replaying. */
  readonly enabled?: () => boolean;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Builds a {@link Logger} that redacts every entry before it reaches the sink. */
export function createLogger(options: LoggerOptions): Logger {
  const { sink, level = "info", fields: bound = {}, enabled = () => true } = options;
  const emit = (entryLevel: LogLevel, message: string, fields?: LogFields) => {
    if (RANK[entryLevel] < RANK[level] || !enabled()) return;
    const merged = redact({ ...bound, ...fields }) as Record<string, unknown>;
    sink({ level: entryLevel, message: redactString(message), fields: merged });
  };
  return {
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
    child: (fields) => createLogger({ ...options, fields: { ...bound, ...fields } }),
  };
}

/**
 * Writes one JSON object per line. `time`, `level` and `msg` come first and cannot be overwritten by
 * fields, so log queries can rely on them.
 */
export function jsonLinesSink(
  write: (line: string) => void = console.log,
  now: () => Date = () => new Date(),
): LogSink {
  return ({ level, message, fields }) => {
    const line: Record<string, unknown> = { time: now().toISOString(), level, msg: message };
    for (const [name, value] of Object.entries(fields)) {
      if (!(name in line)) line[name] = value;
    }
    write(JSON.stringify(line));
  };
}

/** The four methods of `InvocationContext` a sink needs; small so tests pass a fake. */
export type InvocationLog = Readonly<Record<LogLevel, (...args: unknown[]) => void>>;

/**
 * Forwards entries to an `InvocationContext`, so the host ties them to the invocation
 * (Application Insights operation id) and applies host.json log levels.
 */
export function invocationSink(context: InvocationLog): LogSink {
  return ({ level, message, fields }) => {
    if (Object.keys(fields).length === 0) context[level](message);
    else context[level](message, JSON.stringify(fields));
  };
}
