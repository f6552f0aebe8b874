import { decodeMessage } from "@crm/protocol";
import { readHistory, recordsOf, recordTypes, type StoredRecord, seededRandom, writeRecord } from "@crm/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DocState, setIndexBudget } from "./docState.js";

/*
 * A record shard's room takes updates that only continue the document without decoding it
 * (DocState.applyCold). Whatever mix of cold and decoded applies, with the document cooled at
 * random: what is stored (the encoded state), what was relayed (applied by a listener) and the
 * sync replies must equal the document of a reference that applied every update with Yjs.
 */

const meta = (actor: string, now: number) => ({ actor, now, version: recordTypes.accounts.version });
const STATUSES = ["prospect", "customer", "partner"];

function payload(message: Uint8Array): Uint8Array {
  const m = decodeMessage(message);
  if (m.type !== "sync") throw new Error("not a sync message");
  return m.payload;
}

function run(seed: number, steps: number) {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const reference = new Y.Doc();
  const listener = new Y.Doc();
  const state = DocState.cold(undefined, {
    hotMs: Number.POSITIVE_INFINITY,
    records: true,
    onUpdate: (u) => Y.applyUpdate(listener, u),
  });
  let decodes = 0;
  const clients = [0, 1, 2].map((n) => {
    const doc = new Y.Doc();
    doc.clientID = 500 + n;
    const outbox: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array, origin: unknown) => {
      if (origin !== "sync") outbox.push(u);
    });
    return { doc, outbox };
  });
  const ids = Array.from({ length: 12 }, (_, i) => `rec${i}`);
  let now = 1_700_000_000_000;
  for (let step = 0; step < steps; step++) {
    now += 1000;
    const r = random();
    const c = pick(clients);
    if (r < 0.4) {
      const fields: StoredRecord = { name: `N${Math.floor(random() * 4)}` };
      if (random() < 0.5) fields.status = pick(STATUSES);
      writeRecord(c.doc, pick(ids), fields, meta(`u${c.doc.clientID}`, now));
    } else if (r < 0.6) {
      Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(reference, Y.encodeStateVector(c.doc)), "sync");
    } else if (r < 0.92) {
      const u = c.outbox.shift();
      if (!u) continue;
      Y.applyUpdate(reference, u);
      if (state.applyCold(u)) Y.applyUpdate(listener, u);
      else {
        if (!state.isHot) decodes++;
        state.apply(u, "client");
      }
    } else state.cool();
  }
  for (const c of clients)
    for (const u of c.outbox.splice(0)) {
      Y.applyUpdate(reference, u);
      if (state.applyCold(u)) Y.applyUpdate(listener, u);
      else state.apply(u, "client");
    }
  // Then an up-to-date writer's update reaches the cold document, which is read from there.
  state.cool();
  const last = clients[1]!;
  Y.applyUpdate(last.doc, Y.encodeStateAsUpdate(reference, Y.encodeStateVector(last.doc)), "sync");
  writeRecord(last.doc, ids[0]!, { name: "last", status: "former" }, meta("u501", now + 1));
  const lastUpdate = last.outbox.shift()!;
  Y.applyUpdate(reference, lastUpdate);
  expect(state.applyCold(lastUpdate)).toBe(true);
  Y.applyUpdate(listener, lastUpdate);
  // A client that has nothing, and one that has part of it, get what they lack.
  expect(payload(state.syncStep1())).toEqual(Y.encodeStateVector(reference));
  const partial = clients[0]!.doc;
  Y.applyUpdate(partial, payload(state.syncStep2(Y.encodeStateVector(partial))), "sync");
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, payload(state.syncStep2(new Uint8Array([0]))));
  const stored = new Y.Doc();
  Y.applyUpdate(stored, state.encoded());
  const want = recordsOf(reference).toJSON();
  for (const doc of [stored, listener, fresh, partial]) {
    expect(recordsOf(doc).toJSON()).toEqual(want);
    for (const id of ids) expect(readHistory(doc, id)).toEqual(readHistory(reference, id));
  }
  expect(payload(state.syncStep1())).toEqual(Y.encodeStateVector(reference));
  return { cold: state.coldApplies, decodes };
}

describe("a record shard's room taking updates without decoding", () => {
  it("stores, relays and answers exactly what decoding would", () => {
    let cold = 0;
    let decodes = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const r = run(seed, 200);
      cold += r.cold;
      decodes += r.decodes;
    }
    // Used a lot, though three writers often write concurrently (those updates decode).
    expect(cold).toBeGreaterThan(decodes / 2);
  }, 60_000);

  it("decodes an update that does not only continue the document", () => {
    const state = DocState.cold(undefined, { hotMs: Number.POSITIVE_INFINITY, records: true, onUpdate: () => {} });
    const a = new Y.Doc();
    let last: Uint8Array | null = null;
    a.on("update", (u: Uint8Array) => {
      last = u;
    });
    writeRecord(a, "r1", { name: "A" }, meta("a", 1));
    expect(state.applyCold(last!)).toBe(false); // not indexed before its first decode
    state.apply(last!, "a");
    state.cool();
    writeRecord(a, "r1", { name: "B" }, meta("a", 2));
    expect(state.applyCold(last!)).toBe(true);
    // A second writer that did not see "B" sets the name too: concurrent, Yjs orders it.
    const b = new Y.Doc();
    b.clientID = 1;
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    let fromB: Uint8Array | null = null;
    b.on("update", (u: Uint8Array) => {
      fromB = u;
    });
    writeRecord(a, "r1", { name: "C" }, meta("a", 3));
    const fromA = last!;
    writeRecord(b, "r1", { name: "D" }, meta("b", 3));
    expect(state.applyCold(fromA)).toBe(true);
    expect(state.applyCold(fromB!)).toBe(false);
    state.apply(fromB!, "b");
    Y.applyUpdate(a, fromB!);
    expect(recordsOf(state.ydoc).toJSON()).toEqual(recordsOf(a).toJSON());
  });

  it("keeps the indexes of all rooms within a budget, the least recently used dropped", () => {
    const previous = setIndexBudget(30);
    try {
      const rooms = [0, 1].map(() => {
        const state = DocState.cold(undefined, { hotMs: Number.POSITIVE_INFINITY, records: true, onUpdate: () => {} });
        const writer = new Y.Doc();
        const updates: Uint8Array[] = [];
        writer.on("update", (u: Uint8Array) => updates.push(u));
        return { state, writer, updates };
      });
      const write = (room: (typeof rooms)[number], n: number) => {
        writeRecord(room.writer, `r${n}`, { name: `N${n}`, status: "prospect" }, meta("w", n));
        return room.updates.at(-1)!;
      };
      // Each room decoded once (indexed: 8 rows per record), then cooled.
      for (const room of rooms) {
        room.state.apply(write(room, 1), "w");
        room.state.cool();
      }
      expect(rooms[0]!.state.applyCold(write(rooms[0]!, 2))).toBe(true); // 16 rows
      expect(rooms[1]!.state.applyCold(write(rooms[1]!, 2))).toBe(true); // 16 more: over 30, room 0 dropped
      expect(rooms[0]!.state.applyCold(write(rooms[0]!, 3))).toBe(false);
      expect(rooms[1]!.state.applyCold(write(rooms[1]!, 3))).toBe(true);
    } finally {
      setIndexBudget(previous);
    }
  });
});
