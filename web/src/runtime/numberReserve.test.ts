import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { afterEach, describe, expect, it } from "vitest";
import { CrmDatabase } from "../local/db.js";
import { NetworkError } from "./api.js";
import { BLOCK, type FetchBlock, LOW, type NumberKind, NumberReserve } from "./numberReserve.js";
import { isProvisionalNumber, newDeviceTag, provisionalNumber, sequenceNumberOf } from "./numbers.js";

// The reserve over a real Dexie (fake-indexeddb, one IDBFactory per device) and a fake server
// that hands out blocks the way sync-server/src/sequences.ts does (max(counter, atLeast)+1…).

const dbs: CrmDatabase[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function device(indexedDB = new IDBFactory()): CrmDatabase {
  const db = new CrmDatabase("crm-w1", { indexedDB, IDBKeyRange });
  dbs.push(db);
  return db;
}

class FakeServer {
  counters = new Map<NumberKind, number>();
  asks: { kind: NumberKind; count: number; atLeast: number }[] = [];
  online = true;
  delayMs = 0;
  fetchBlock: FetchBlock = async (kind, count, atLeast) => {
    this.asks.push({ kind, count, atLeast });
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (!this.online) throw new NetworkError("the server cannot be reached");
    const last = Math.max(this.counters.get(kind) ?? 0, atLeast) + count;
    this.counters.set(kind, last);
    return { first: last - count + 1, last };
  };
}

/** Waits until the background refill `take` started has finished. */
const settle = (r: NumberReserve) => r.refillAll();

describe("NumberReserve", () => {
  it("numbers from blocks the server handed out, and tops up when fewer than LOW remain", async () => {
    const server = new FakeServer();
    const r = new NumberReserve(device(), { fetchBlock: server.fetchBlock });
    await r.refillAll();
    expect(await r.remaining("quote")).toBe(BLOCK);
    expect(await r.remaining("order")).toBe(BLOCK);
    const taken: string[] = [];
    for (let i = 0; i < BLOCK - LOW; i++) taken.push(await r.take("quote"));
    expect(taken.slice(0, 3)).toEqual(["Q-00001", "Q-00002", "Q-00003"]);
    expect(server.asks.filter((a) => a.kind === "quote")).toHaveLength(1);
    taken.push(await r.take("quote")); // LOW - 1 left: ask for more
    await settle(r);
    expect(server.asks.filter((a) => a.kind === "quote")).toHaveLength(2);
    expect(await r.remaining("quote")).toBe(LOW - 1 + BLOCK);
    expect(await r.take("order")).toBe("O-00001");
  });

  it("offline: numbers from the reserve, then provisional ones that never repeat, even after a reload", async () => {
    const server = new FakeServer();
    const idb = new IDBFactory();
    const r = new NumberReserve(device(idb), { fetchBlock: server.fetchBlock });
    await r.refillAll();
    server.online = false;
    const taken = new Set<string>();
    for (let i = 0; i < BLOCK; i++) taken.add(await r.take("quote"));
    expect([...taken].every((n) => /^Q-000\d\d$/.test(n))).toBe(true);
    const p1 = await r.take("quote");
    const p2 = await r.take("quote");
    expect(p1).toMatch(/^Q-0001-[0-9A-Z]{6}$/);
    expect(p2).toBe(p1.replace("0001", "0002"));
    expect(isProvisionalNumber(p1)).toBe(true);
    // Same device, new tab (new Dexie on the same IndexedDB): same tag, the count goes on.
    const again = new NumberReserve(device(idb), { fetchBlock: server.fetchBlock });
    expect(await again.take("quote")).toBe(p1.replace("0001", "0003"));
    for (let i = 1; i <= BLOCK; i++) expect(await again.take("order")).toBe(`O-000${String(i).padStart(2, "0")}`);
    expect(await again.take("order")).toBe(`O-0001-${p1.slice(-6)}`);
    // Back online: the next take asks and numbers from the sequence again.
    server.online = true;
    await again.refillAll();
    expect(await again.take("quote")).toBe(`Q-000${BLOCK + 1}`);
  });

  it("two devices numbering at once, one of them offline, never give the same number", async () => {
    const server = new FakeServer();
    const a = new NumberReserve(device(), { fetchBlock: server.fetchBlock });
    const b = new NumberReserve(device(), { fetchBlock: server.fetchBlock });
    await Promise.all([a.refillAll(), b.refillAll()]);
    const all = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).take(i % 3 ? "quote" : "order")),
    );
    server.online = false;
    for (let i = 0; i < 40; i++) all.push(await (i % 2 ? a : b).take("quote"));
    expect(new Set(all).size).toBe(all.length);
    expect(all.some(isProvisionalNumber)).toBe(true);
  });

  it("two tabs of one device taking at once never take the same number", async () => {
    const server = new FakeServer();
    const idb = new IDBFactory();
    const tab1 = new NumberReserve(device(idb), { fetchBlock: server.fetchBlock });
    const tab2 = new NumberReserve(device(idb), { fetchBlock: server.fetchBlock });
    await tab1.refillAll();
    const numbers = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? tab1 : tab2).take("quote")));
    expect(new Set(numbers).size).toBe(30);
  });

  it("sends the highest sequence number this device has seen, so the server starts above it", async () => {
    const server = new FakeServer();
    const db = device();
    const rows = ["q-00042", "q-0007-7kq2xm", "q-00009", "not a number"].map((sortKey, i) => ({
      id: `q${i}`,
      sortKey,
      terms: [],
    }));
    await db.quotes.bulkPut(rows as never);
    const r = new NumberReserve(db, { fetchBlock: server.fetchBlock });
    expect(await r.take("quote")).toBe("Q-00043");
    expect(server.asks[0]).toEqual({ kind: "quote", count: BLOCK, atLeast: 42 });
    // Six digits sort before "q-2…" in the index: still found.
    await db.orders.bulkPut([
      { id: "o1", sortKey: "o-100000", terms: [] },
      { id: "o2", sortKey: "o-20000", terms: [] },
    ] as never);
    await r.refillAll();
    expect(server.asks.find((x) => x.kind === "order")?.atLeast).toBe(100000);
  });

  it("skips reserved numbers that records arriving later already have (demo data, an import)", async () => {
    const server = new FakeServer();
    const db = device();
    const r = new NumberReserve(db, { fetchBlock: server.fetchBlock });
    await r.refillAll(); // Q-00001…Q-00020 reserved, then 25 quotes arrive numbered 1…25
    await db.quotes.bulkPut(
      Array.from({ length: 25 }, (_, i) => ({
        id: `d${i}`,
        sortKey: `q-${String(i + 1).padStart(5, "0")}`,
        terms: [],
      })) as never,
    );
    expect(await r.take("quote")).toBe("Q-00026");
    expect(server.asks.at(-1)).toEqual({ kind: "quote", count: BLOCK, atLeast: 25 });
    expect(await r.take("quote")).toBe("Q-00027");
  });

  it("with an empty reserve online, waits for the block; a server slower than waitMs gets a provisional number", async () => {
    const server = new FakeServer();
    server.delayMs = 50;
    const r = new NumberReserve(device(), { fetchBlock: server.fetchBlock, waitMs: 1000 });
    expect(await r.take("quote")).toBe("Q-00001");
    const slow = new FakeServer();
    slow.delayMs = 300;
    const s = new NumberReserve(device(), { fetchBlock: slow.fetchBlock, waitMs: 20 });
    expect(isProvisionalNumber(await s.take("quote"))).toBe(true);
    await settle(s);
    // The late block is kept for the next one.
    expect(await s.take("quote")).toBe("Q-00001");
  });

  it("a role that may not create quotes never asks the server; a refusal or a bad block leaves the reserve as it was", async () => {
    const server = new FakeServer();
    const r = new NumberReserve(device(), { fetchBlock: server.fetchBlock, canReserve: (k) => k === "order" });
    await r.refillAll();
    expect(server.asks.map((a) => a.kind)).toEqual(["order"]);
    expect(isProvisionalNumber(await r.take("quote"))).toBe(true);

    const errors: unknown[] = [];
    const bad = new NumberReserve(device(), {
      fetchBlock: async () => ({ first: 10, last: 5 }),
      onError: (_kind, e) => errors.push(e),
    });
    await bad.refill("quote");
    expect(String(errors[0])).toContain("bad number block");
    expect(await bad.remaining("quote")).toBe(0);
  });
});

describe("number formats", () => {
  it("provisional numbers are recognisable, fit the field, and are not sequence numbers", () => {
    const tag = newDeviceTag();
    expect(tag).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(newDeviceTag((n) => new Uint8Array(n).fill(255))).toBe("ZZZZZZ");
    const p = provisionalNumber("Q", 7, tag);
    expect(p).toBe(`Q-0007-${tag}`);
    expect(p.length).toBeLessThanOrEqual(20);
    expect(isProvisionalNumber(p)).toBe(true);
    expect(isProvisionalNumber("Q-00042")).toBe(false);
    expect(sequenceNumberOf(p)).toBe(0);
    expect(sequenceNumberOf("Q-00042")).toBe(42);
    expect(sequenceNumberOf("o-100000")).toBe(100000);
  });
});
