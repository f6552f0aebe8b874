export {
  createServer,
  DEFAULT_MAX_FRAME_BYTES,
  DEFAULT_ROOM_IDLE_MS,
  type RunningServer,
  type ServerOptions,
} from "./app.js";
export {
  BackupError,
  type BackupResult,
  backupDatabase,
  type RestoreOptions,
  type RestoreResult,
  restoreDatabase,
  validateDatabase,
} from "./backup.js";
export type { Readiness } from "./http.js";
export { jsonLogger, type Logger, silentLogger } from "./logger.js";
export { Metrics } from "./metrics.js";
export { MemoryStorage } from "./storage/memory.js";
export { SqliteStorage } from "./storage/sqlite.js";
export type { DocStorage, StoredUpdates } from "./storage/types.js";
