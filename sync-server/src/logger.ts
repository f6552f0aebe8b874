export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export type LogLevel = "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };

export function parseLogLevel(raw: string | undefined): LogLevel {
  const level = (raw ?? "").trim().toLowerCase() || "info";
  if (level in RANK) return level as LogLevel;
  throw new Error(`LOG_LEVEL must be info, warn or error, got ${raw}`);
}

/**
 * One JSON object per line: `{"msg":"listening","url":"...","level":"info","time":"2026-…Z"}`.
 * Lines below `minLevel` are dropped.
 */
export function jsonLogger(out: NodeJS.WritableStream = process.stdout, minLevel: LogLevel = "info"): Logger {
  const write = (level: LogLevel, msg: string, fields: LogFields | undefined) => {
    if (RANK[level] < RANK[minLevel]) return;
    try {
      out.write(`${JSON.stringify({ msg, ...fields, level, time: new Date().toISOString() })}\n`);
    } catch {
      // a log line must never take the server down
    }
  };
  return {
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
