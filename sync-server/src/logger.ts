export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** One JSON object per line: `{"msg":"listening","url":"..."}`; warnings and errors add `level`. */
export function jsonLogger(out: NodeJS.WritableStream = process.stdout): Logger {
  const write = (msg: string, fields: LogFields | undefined, level?: string) => {
    try {
      out.write(`${JSON.stringify({ msg, ...fields, ...(level ? { level } : {}) })}\n`);
    } catch {
      // a log line must never take the server down
    }
  };
  return {
    info: (msg, fields) => write(msg, fields),
    warn: (msg, fields) => write(msg, fields, "warn"),
    error: (msg, fields) => write(msg, fields, "error"),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
