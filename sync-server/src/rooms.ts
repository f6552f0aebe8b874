import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import { Room } from "./room.js";
import type { DocStorage } from "./storage/types.js";

export interface RoomsOptions {
  storage: DocStorage;
  logger: Logger;
  idleMs: number;
  compactRows?: number;
  liveCompactRows?: number;
  metrics?: Metrics;
}

/** The rooms in memory, by document name; a room loads on first join and unloads when idle. */
export class Rooms {
  private readonly rooms = new Map<string, Room>();

  constructor(private readonly options: RoomsOptions) {}

  /** The loaded room of `name`, loading it from storage if needed. */
  get(name: string): Room {
    const existing = this.rooms.get(name);
    if (existing && !existing.isUnloaded) return existing;
    const room = new Room(name, {
      ...this.options,
      onUnload: (r) => {
        if (this.rooms.get(r.name) === r) this.rooms.delete(r.name);
      },
    });
    this.rooms.set(name, room);
    return room;
  }

  /** Loaded document names (for tests and metrics). */
  loaded(): string[] {
    return [...this.rooms.keys()];
  }

  /** Unloads every room (after the connections were closed). */
  unloadAll(): void {
    for (const room of [...this.rooms.values()]) room.unload();
  }
}
