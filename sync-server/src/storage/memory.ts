import type { DocStorage, StoredUpdates, UpdateToStore } from "./types.js";

interface Row {
  id: number;
  update: Uint8Array;
}

/** In-memory storage for tests and throwaway servers: same contract as SQLite, nothing durable. */
export class MemoryStorage implements DocStorage {
  private readonly docs = new Map<string, Row[]>();
  private nextId = 1;
  private closed = false;
  readonly syncsToDisk = false;

  loadUpdates(doc: string): StoredUpdates {
    this.assertOpen();
    const rows = this.docs.get(doc) ?? [];
    return { updates: rows.map((r) => r.update.slice()), lastId: rows.at(-1)?.id ?? 0 };
  }

  append(doc: string, update: Uint8Array): number {
    this.assertOpen();
    const id = this.nextId++;
    let rows = this.docs.get(doc);
    if (!rows) {
      rows = [];
      this.docs.set(doc, rows);
    }
    rows.push({ id, update: update.slice() });
    return id;
  }

  /** Nothing can fail halfway in memory; goes through `append` so that subclasses see every row. */
  appendMany(updates: readonly UpdateToStore[]): number[] {
    this.assertOpen();
    return updates.map((u) => this.append(u.doc, u.update));
  }

  compact(doc: string, merged: Uint8Array, upToId: number): void {
    this.assertOpen();
    const rows = this.docs.get(doc);
    if (!rows) return;
    const replaced = rows.filter((r) => r.id <= upToId);
    const last = replaced.at(-1);
    if (!last) return;
    this.docs.set(doc, [{ id: last.id, update: merged.slice() }, ...rows.filter((r) => r.id > upToId)]);
  }

  listDocs(): string[] {
    this.assertOpen();
    return [...this.docs.keys()].sort();
  }

  ping(): void {
    this.assertOpen();
  }

  close(): void {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("storage is closed");
  }
}
