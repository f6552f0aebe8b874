import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unwrapDoc, wrapForDoc } from "@crm/protocol";
import { afterAll, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import * as Y from "yjs";
import { Connection, type ConnectionOptions } from "./connection.js";
import { FrameGenerator } from "./corpus/frames.js";
import type { Logger } from "./logger.js";
import { Rooms } from "./rooms.js";
import { SqliteStorage } from "./storage/sqlite.js";

/*
 * Every stored row applies. The fuzz generator's frames go to 24 documents on real SQLite, with
 * the writer thread committing in the background while rooms load, compact live, unload and
 * compact again all the time (tiny thresholds). At the end no stored row of any document may
 * throw when applied in order, and nothing may have logged a failed apply or a locked database.
 * Replay: STORED_FUZZ_SEED=<seed> STORED_FUZZ_FRAMES=<n>.
 */

const SEED = Number(process.env.STORED_FUZZ_SEED ?? 0x57012ed);
const FRAMES = Number(process.env.STORED_FUZZ_FRAMES ?? 12_000);
const DOCS = Array.from({ length: 24 }, (_, i) => `default/records/orders/${String(i).padStart(2, "0")}`);

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  closed = false;
  send(): void {}
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.readyState = 3;
    this.emit("close", code, Buffer.from(reason));
  }
  terminate(): void {
    this.close(1006, "");
  }
  ping(): void {}
}

/** Applies a document's rows in order to a new Y.Doc; the first that throws or wedges it, if any. */
function firstBrokenRow(updates: Uint8Array[]): string | undefined {
  const doc = new Y.Doc();
  doc.on("update", () => {});
  for (const [i, update] of updates.entries()) {
    try {
      Y.applyUpdate(doc, update);
    } catch (err) {
      return `row ${i + 1} of ${updates.length}: ${err instanceof Error ? err.message : String(err)}`;
    }
    if ((doc as unknown as { _transactionCleanups: unknown[] })._transactionCleanups.length > 0)
      return `row ${i + 1} of ${updates.length} wedges the document`;
  }
  return undefined;
}

describe(`stored updates (seed ${SEED}, ${FRAMES} frames over ${DOCS.length} documents on SQLite)`, () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-stored-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("never stores a row that cannot be applied, and compaction never contends with the writer", async () => {
    const storage = new SqliteStorage(dir);
    const logged: string[] = [];
    let refused = 0;
    const logger: Logger = {
      info() {},
      warn: (message, fields) => {
        if (message === "refused an update that does not apply") refused++;
        else if (/lock|busy/i.test(`${message} ${JSON.stringify(fields)}`))
          logged.push(`${message} ${JSON.stringify(fields)}`);
      },
      error: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
    };
    const rooms = new Rooms({ storage, logger, idleMs: 3_600_000, compactRows: 8, liveCompactRows: 6 });
    const options: ConnectionOptions = {
      rooms,
      logger,
      maxFrameBytes: 64 * 1024,
      maxBufferedBytes: 64 * 1024 * 1024,
      pingIntervalMs: 3_600_000,
    };
    const sockets = new Map<string, FakeSocket>();
    const socketFor = (key: string, endpoint: ConstructorParameters<typeof Connection>[1]) => {
      const existing = sockets.get(key);
      if (existing && !existing.closed) return existing;
      const ws = new FakeSocket();
      new Connection(ws as unknown as WebSocket, endpoint, options);
      sockets.set(key, ws);
      return ws;
    };
    const gen = new FrameGenerator(SEED);
    let stored = 0;
    try {
      for (let i = 0; i < FRAMES; i++) {
        const f = gen.next();
        if (typeof f.data === "string") continue;
        const doc = DOCS[gen.int(DOCS.length)]!;
        if (f.endpoint === "doc") {
          const ws = socketFor(`${doc}?${f.ext}`, { kind: "doc", docName: doc, ext: f.ext });
          ws.emit("message", Buffer.from(f.data), true);
        } else {
          // The same frame, for one of the documents.
          let data = f.data;
          try {
            data = wrapForDoc(doc, unwrapDoc(f.data).message);
          } catch {
            // a broken name stays broken
          }
          socketFor("mux", { kind: "mux" }).emit("message", Buffer.from(data), true);
        }
        // Let the writer thread's answers in (commits, compactions), as a busy server does.
        if (i % 8 === 0) await new Promise((r) => setImmediate(r));
        // Rooms nobody is in unload (compacting), and load again (compacting) on the next frame.
        if (i % 97 === 0) for (const name of rooms.loaded()) if (rooms.get(name).size === 0) rooms.get(name).unload();
      }
      for (const ws of sockets.values()) ws.close(1000, "done");
      rooms.unloadAll();
      for (const name of storage.listDocs()) {
        const { updates } = storage.loadUpdates(name);
        stored += updates.length;
        expect(firstBrokenRow(updates), name).toBeUndefined();
      }
    } finally {
      gen.destroy();
      storage.close();
    }
    expect(stored).toBeGreaterThan(DOCS.length);
    expect(logged).toEqual([]);
    // The generator did produce updates that contradict their document (this seed: some), and
    // they were refused instead of stored.
    expect(refused).toBeGreaterThan(0);
  }, 180_000);
});
