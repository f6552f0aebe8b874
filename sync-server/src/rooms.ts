import { errorMessage } from "./errors.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import { Reclaimer } from "./reclaim.js";
import { Room } from "./room.js";
import { GroupCommit } from "./storage/groupCommit.js";
import type { DocStorage } from "./storage/types.js";

export interface RoomsOptions {
  storage: DocStorage;
  logger: Logger;
  idleMs: number;
  compactRows?: number;
  liveCompactRows?: number;
  metrics?: Metrics;
  /** Largest encoded document; an update that would grow one beyond it is refused (4413). */
  maxDocBytes?: number;
  /** How long a document stays decoded after its last update (default: Room's). */
  hotMs?: number;
  /** Collects released documents' memory (default: with `global.gc` when Node has `--expose-gc`). */
  reclaimer?: Reclaimer;
}

/**
 * The rooms in memory, by document name; a room loads on first join and unloads when idle. All
 * rooms share one GroupCommit, so the updates of one event-loop turn, whatever their document,
 * are stored in one transaction.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  readonly commits: GroupCommit;
  private readonly reclaimer: Reclaimer;

  constructor(private readonly options: RoomsOptions) {
    this.commits = new GroupCommit(options.storage, {
      group: options.storage.syncsToDisk,
      onCommit: (updates, seconds) => options.metrics?.committed(updates, seconds),
      onCallbackError: (err) => options.logger.error("after-commit step failed", { error: errorMessage(err) }),
    });
    this.reclaimer =
      options.reclaimer ?? new Reclaimer({ onCollected: (seconds) => options.metrics?.reclaimed(seconds) });
  }

  /** The loaded room of `name`, loading it from storage if needed. */
  get(name: string): Room {
    const existing = this.rooms.get(name);
    if (existing && !existing.isUnloaded) return existing;
    const room = new Room(name, {
      ...this.options,
      commits: this.commits,
      onUnload: (r) => {
        if (this.rooms.get(r.name) === r) this.rooms.delete(r.name);
      },
      onRelease: (bytes) => this.reclaimer.released(bytes),
    });
    this.rooms.set(name, room);
    return room;
  }

  /** Loaded document names (for tests and metrics). */
  loaded(): string[] {
    return [...this.rooms.keys()];
  }

  /** Commits every queued update, then unloads every room (after the connections were closed). */
  unloadAll(): void {
    this.commits.flush();
    for (const room of [...this.rooms.values()]) room.unload();
    this.reclaimer.stop();
  }
}
