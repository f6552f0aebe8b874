/**
 * What the peer logs through: the server's JSON-line logger fits (sync-server/src/logger.ts), and
 * tests pass `silentLogger`.
 */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
