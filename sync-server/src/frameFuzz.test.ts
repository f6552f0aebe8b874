import { EventEmitter } from "node:events";
import v8 from "node:v8";
import { encodeQueryAwareness, MessageType, unwrapDoc, wrapForDoc } from "@crm/protocol";
import * as decoding from "lib0/decoding";
import { afterAll, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import * as Y from "yjs";
import { createServer } from "./app.js";
import { Connection, type ConnectionOptions } from "./connection.js";
import { FrameGenerator, type FuzzFrame } from "./corpus/frames.js";
import type { Logger } from "./logger.js";
import { scanUpdate } from "./messages.js";
import { Rooms } from "./rooms.js";
import { MemoryStorage } from "./storage/memory.js";
import { RawSocket, startLegitimateTraffic, waitUntil } from "./testing/clients.js";

/*
 * Seeded random-frame fuzz. A socket per frame would be far too slow for 100,000 frames, so the
 * main part drives the real handling in-process: a `Connection` (frame checks, mux names,
 * decodeClientMessage, rooms, Yjs, storage) on a fake socket. A smaller part sends frames over
 * real sockets while a legitimate client keeps syncing.
 * Replay: FRAME_FUZZ_SEED=<seed> FRAME_FUZZ_FRAMES=<index + 1> npx vitest run sync-server/src/frameFuzz.test.ts
 */

const SEED = Number(process.env.FRAME_FUZZ_SEED ?? 0x5eedf022);
const FRAMES = Number(process.env.FRAME_FUZZ_FRAMES ?? 100_000);
const SOCKET_FRAMES = 2000;
const SLOWEST_MS = 250;
/** Per-frame heap growth allowed: frames are at most a few KB, Yjs state replies a few hundred. */
const HEAP_LIMIT = (frameBytes: number) => 8 * 1024 * 1024 + 256 * frameBytes;
const REFUSALS = new Set([4400, 4404, 4413]);

/** Remembers every append, so that each can be traced to the frame that caused it. */
class RecordingStorage extends MemoryStorage {
  readonly appended: { doc: string; update: Uint8Array }[] = [];
  override append(doc: string, update: Uint8Array): number {
    this.appended.push({ doc, update: update.slice() });
    return super.append(doc, update);
  }
}

/** Just enough of a `ws` WebSocket for `Connection`. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: Uint8Array[] = [];
  closed: { code: number; reason: string } | undefined;
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = { code, reason };
    this.readyState = 3;
    this.emit("close", code, Buffer.from(reason));
  }
  terminate(): void {
    this.close(1006, "");
  }
  ping(): void {}
}

const hex = (data: Uint8Array | string) => Buffer.from(data).toString("hex").slice(0, 600);
const isWedged = (doc: Y.Doc) =>
  (doc as unknown as { _transactionCleanups: unknown[] })._transactionCleanups.length > 0;

/** What a stored update must satisfy on its own: the guard passes it and it applies to an empty document. */
function selfContained(update: Uint8Array): string | undefined {
  try {
    scanUpdate(update);
    Y.decodeUpdate(update);
    const doc = new Y.Doc();
    doc.on("update", () => {});
    Y.applyUpdate(doc, update);
    if (isWedged(doc)) return "wedges an empty document";
    Y.encodeStateAsUpdate(doc);
  } catch (err) {
    return `does not apply on its own: ${err instanceof Error ? err.message : String(err)}`;
  }
  return undefined;
}

function lastIsError(sent: Uint8Array[], mux: boolean): boolean {
  const last = sent.at(-1);
  if (!last) return false;
  const message = mux ? unwrapDoc(last).message : last;
  return decoding.readVarUint(decoding.createDecoder(message)) === MessageType.error;
}

/** Splits a frame the ways `ws` may deliver it: one Buffer (pooled, so a view into a larger buffer), fragments, an ArrayBuffer. */
function asRawData(bytes: Uint8Array, pick: number): Buffer | Buffer[] | ArrayBuffer {
  const buffer = Buffer.from(bytes);
  if (pick < 0.1 && buffer.length > 1)
    return [buffer.subarray(0, buffer.length >> 1), buffer.subarray(buffer.length >> 1)];
  if (pick < 0.15) return Uint8Array.from(bytes).buffer;
  return buffer;
}

interface Failure {
  index: number;
  kind: string;
  endpoint: string;
  docName: string;
  problem: string;
  frame: string;
}

describe(`frame fuzz (seed ${SEED}, ${FRAMES} frames)`, () => {
  it("every frame is handled or refused with a reason, fast, in bounded memory, storing only valid updates", async () => {
    const storage = new RecordingStorage();
    const logged: string[] = [];
    let refusedInRoom = 0;
    const logger: Logger = {
      info() {},
      warn: (message) => {
        // Valid on its own, yet contradicting what the document holds: refused by the room.
        if (message === "refused an update that does not apply") refusedInRoom++;
      },
      error: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
    };
    // Idle rooms are unloaded every 500 frames by the loop itself (not by timers): deterministic.
    const rooms = new Rooms({ storage, logger, idleMs: 3_600_000 });
    const options: ConnectionOptions = {
      rooms,
      logger,
      maxFrameBytes: 64 * 1024,
      maxBufferedBytes: 64 * 1024 * 1024,
      pingIntervalMs: 3_600_000,
    };
    const open = new Map<string, FakeSocket>();
    const socketFor = (f: FuzzFrame): FakeSocket => {
      const key = f.endpoint === "mux" ? "mux" : `${f.docName}?${f.ext}`;
      const existing = open.get(key);
      if (existing && !existing.closed) return existing;
      const ws = new FakeSocket();
      const endpoint =
        f.endpoint === "mux" ? { kind: "mux" as const } : { kind: "doc" as const, docName: f.docName, ext: f.ext };
      new Connection(ws as unknown as WebSocket, endpoint, options);
      open.set(key, ws);
      return ws;
    };

    const gen = new FrameGenerator(SEED);
    const failures: Failure[] = [];
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    let slowest = { ms: 0, index: -1 };
    let heaviest = { bytes: 0, index: -1 };
    const started = performance.now();

    for (let index = 0; index < FRAMES && failures.length < 20; index++) {
      if (index % 500 === 0) {
        for (const name of rooms.loaded()) if (rooms.get(name).size === 0) rooms.get(name).unload();
        await new Promise((r) => setImmediate(r));
      }
      const f = gen.next();
      const fail = (problem: string) =>
        failures.push({ index, kind: f.kind, endpoint: f.endpoint, docName: f.docName, problem, frame: hex(f.data) });
      const ws = socketFor(f);
      const sentBefore = ws.sent.length;
      const appendedBefore = storage.appended.length;
      const loggedBefore = logged.length;
      const text = typeof f.data === "string";
      const data = text ? Buffer.from(f.data as string) : asRawData(f.data as Uint8Array, gen.rand());
      const size = text ? (f.data as string).length : (f.data as Uint8Array).length;

      const loadedBefore = rooms.loaded().length;
      const heapBefore = v8.getHeapStatistics().used_heap_size;
      // CPU time of this process, not wall time: on a shared machine another process can take the
      // core for hundreds of ms in the middle of a frame, which says nothing about the frame.
      const t0 = process.cpuUsage();
      try {
        ws.emit("message", data, !text);
      } catch (err) {
        fail(`threw out of the handler: ${err instanceof Error ? err.stack : String(err)}`);
      }
      const used = process.cpuUsage(t0);
      const ms = (used.user + used.system) / 1000;
      const grew = v8.getHeapStatistics().used_heap_size - heapBefore;

      if (ms > slowest.ms) slowest = { ms, index };
      if (grew > heaviest.bytes) heaviest = { bytes: grew, index };
      if (ms > SLOWEST_MS) fail(`took ${ms.toFixed(0)} ms of CPU`);
      // Loading a room reads (and may compact) everything stored for it: budget that separately.
      const stored =
        rooms.loaded().length > loadedBefore
          ? storage.loadUpdates(f.docName).updates.reduce((sum, u) => sum + u.length, 0)
          : 0;
      // A sync step 1 of a few bytes is answered with the whole document: budget the reply too.
      const replied = ws.sent.slice(sentBefore).reduce((sum, m) => sum + m.length, 0);
      if (grew > HEAP_LIMIT(size + stored + replied))
        fail(`heap grew ${(grew / 1e6).toFixed(1)} MB for ${size} bytes in, ${replied} out, ${stored} loaded`);

      const refused = ws.closed !== undefined;
      count(`${f.kind}: ${refused ? ws.closed!.code : "accepted"}`);
      if (refused) {
        if (!REFUSALS.has(ws.closed!.code)) fail(`closed with ${ws.closed!.code} ${ws.closed!.reason}`);
        if (f.ext && (ws.sent.length === sentBefore || !lastIsError(ws.sent, f.endpoint === "mux")))
          fail("closed without an error message");
        // A message Yjs produced is accepted, unless the document cannot take it: mutated frames
        // may have stored structs under an editor's client id and clocks, which its real update
        // then contradicts; the room refuses that rather than store what never applies.
        if (f.legit && !ws.closed!.reason.includes("does not apply to this document"))
          fail(`refused a message Yjs produced: ${ws.closed!.reason}`);
      }
      for (const { doc, update } of storage.appended.slice(appendedBefore)) {
        if (refused) fail(`stored ${doc} from a refused frame`);
        const problem = selfContained(update);
        if (problem) fail(`stored an update that ${problem}`);
      }
      for (const line of logged.slice(loggedBefore)) fail(`logged an error: ${line}`);
      for (const name of rooms.loaded()) {
        if (isWedged(rooms.get(name).doc)) fail(`room ${name} is wedged`);
      }
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `frame fuzz: seed ${SEED}, ${FRAMES} frames in ${seconds} s; slowest frame #${slowest.index} ${slowest.ms.toFixed(1)} ms;`,
      `largest heap growth #${heaviest.index} ${(heaviest.bytes / 1e6).toFixed(1)} MB;`,
      `stored ${storage.appended.length} updates; refused ${refusedInRoom} that contradicted their document;`,
      JSON.stringify(Object.fromEntries([...outcomes].sort())),
    );
    const replay = failures[0] ? `replay with FRAME_FUZZ_SEED=${SEED} FRAME_FUZZ_FRAMES=${failures[0].index + 1}` : "";
    expect(failures, replay).toEqual([]);
    // What was stored applies: every document's rows, in order, on a new Y.Doc.
    for (const name of storage.listDocs()) {
      const doc = new Y.Doc();
      doc.on("update", () => {});
      for (const update of storage.loadUpdates(name).updates) Y.applyUpdate(doc, update);
      expect(isWedged(doc), name).toBe(false);
    }
    for (const ws of open.values()) ws.close(1000, "done");
    rooms.unloadAll();
    gen.destroy();
  }, 120_000);
});

describe(`frame fuzz over sockets (seed ${SEED}, ${SOCKET_FRAMES} frames)`, () => {
  const storage = new RecordingStorage();
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await close?.();
    storage.close();
  });

  it("keeps serving a legitimate client while fuzzed sockets are refused and reconnected", async () => {
    const server = await createServer({
      auth: "off",
      port: 0,
      host: "127.0.0.1",
      storage,
      metrics: false,
      maxFrameBytes: 64 * 1024,
    });
    close = server.close;
    const LEGIT = "default/records/accounts/01";
    const PROBE = "default/records/cases/00";
    const traffic = await startLegitimateTraffic(server.wsUrl, LEGIT, { everyMs: 5 });

    const gen = new FrameGenerator(SEED ^ 0x50c4e7);
    const codes = new Map<number, number>();
    let next = 0;
    const lane = async () => {
      const sockets = new Map<string, RawSocket>();
      for (let i = next++; i < SOCKET_FRAMES; i = next++) {
        const f = gen.next();
        const key = f.endpoint === "mux" ? "mux" : `${f.docName}?${f.ext}`;
        let socket = sockets.get(key);
        if (!socket || socket.closed) {
          socket = await RawSocket.open(
            f.endpoint === "mux" ? server.wsUrl : `${server.wsUrl}/${f.docName}${f.ext ? "?ext=1" : ""}`,
          );
          sockets.set(key, socket);
        }
        // The frame, then a query-awareness probe: its answer (or the close) means the frame was handled.
        const answers = () => socket!.messages.filter((m) => isAwareness(m, f.endpoint === "mux")).length;
        const before = answers();
        socket.send(f.data);
        socket.send(f.endpoint === "mux" ? wrapForDoc(PROBE, encodeQueryAwareness()) : encodeQueryAwareness());
        await waitUntil(
          `frame ${i} (seed ${SEED ^ 0x50c4e7}) to be handled`,
          () => !!socket!.closed || answers() > before,
          2000,
        );
        if (socket.closed) codes.set(socket.closed.code, (codes.get(socket.closed.code) ?? 0) + 1);
      }
      await Promise.all([...sockets.values()].map((s) => s.close()));
    };
    try {
      await Promise.all([lane(), lane(), lane(), lane()]);
    } finally {
      traffic.stop();
      gen.destroy();
    }

    expect([...codes.keys()].filter((code) => !REFUSALS.has(code))).toEqual([]);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true });
    await traffic.settled();
    for (const doc of storage.listDocs()) {
      for (const update of storage.loadUpdates(doc).updates) expect(selfContained(update), doc).toBeUndefined();
    }
    expect(storage.listDocs()).toContain(LEGIT);
    await traffic.close();
  }, 60_000);
});

function isAwareness(frame: Uint8Array, mux: boolean): boolean {
  const message = mux ? unwrapDoc(frame).message : frame;
  return message[0] === MessageType.awareness;
}
