import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloseCode, encodeAwareness, encodeSyncStep1, wrapForDoc } from "@crm/protocol";
import { seededRandom } from "@crm/schema";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "./app.js";
import { errorsIn, RawSocket, startLegitimateTraffic } from "./testing/clients.js";

const LEGIT = "default/records/accounts/01";
const GARBAGE_DOC = "default/records/cases/00";
const MAX_FRAME = 64 * 1024;

/** Deterministic, so a failure can be replayed. */
const prng = seededRandom;

function awarenessWithBadJson(): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, 123);
  encoding.writeVarUint(inner, 1);
  encoding.writeVarString(inner, "{not json");
  return encodeAwareness(encoding.toUint8Array(inner));
}

interface Case {
  name: string;
  endpoint: "doc" | "mux";
  frame: Uint8Array | string;
  /** Expected close code; undefined for random frames (any refusal code, or staying open if valid). */
  code?: number;
}

const fixed: Case[] = [
  { name: "empty frame", endpoint: "doc", frame: new Uint8Array([]), code: CloseCode.badFrame },
  { name: "[0]", endpoint: "doc", frame: new Uint8Array([0]), code: CloseCode.badFrame },
  { name: "[0,1]", endpoint: "doc", frame: new Uint8Array([0, 1]), code: CloseCode.badFrame },
  { name: "truncated varint", endpoint: "doc", frame: new Uint8Array([0, 2, 0xff]), code: CloseCode.badFrame },
  { name: "truncated update", endpoint: "doc", frame: new Uint8Array([0, 2, 5, 1, 2]), code: CloseCode.badFrame },
  { name: "malformed update", endpoint: "doc", frame: new Uint8Array([0, 2, 4, 1, 9, 9, 9]), code: CloseCode.badFrame },
  { name: "bad state vector", endpoint: "doc", frame: new Uint8Array([0, 0, 2, 5, 1]), code: CloseCode.badFrame },
  { name: "unknown sync type", endpoint: "doc", frame: new Uint8Array([0, 3, 0]), code: CloseCode.badFrame },
  { name: "unknown message type", endpoint: "doc", frame: new Uint8Array([7]), code: CloseCode.badFrame },
  { name: "auth from a client", endpoint: "doc", frame: new Uint8Array([2, 0]), code: CloseCode.badFrame },
  { name: "persisted from a client", endpoint: "doc", frame: new Uint8Array([100, 1]), code: CloseCode.badFrame },
  { name: "unsubscribe per-doc", endpoint: "doc", frame: new Uint8Array([102]), code: CloseCode.badFrame },
  { name: "trailing bytes", endpoint: "doc", frame: new Uint8Array([3, 0]), code: CloseCode.badFrame },
  { name: "awareness bad json", endpoint: "doc", frame: awarenessWithBadJson(), code: CloseCode.badFrame },
  { name: "awareness truncated", endpoint: "doc", frame: new Uint8Array([1, 3, 1, 2]), code: CloseCode.badFrame },
  { name: "text frame", endpoint: "doc", frame: "hello", code: CloseCode.badFrame },
  {
    name: "too large",
    endpoint: "doc",
    frame: new Uint8Array(MAX_FRAME + 10).fill(0),
    code: CloseCode.tooLarge,
  },
  { name: "mux empty", endpoint: "mux", frame: new Uint8Array([]), code: CloseCode.badFrame },
  { name: "mux truncated name", endpoint: "mux", frame: new Uint8Array([5, 97]), code: CloseCode.badFrame },
  { name: "mux name only", endpoint: "mux", frame: wrapForDoc(GARBAGE_DOC, new Uint8Array([])), code: 4400 },
  {
    name: "mux truncated varint",
    endpoint: "mux",
    frame: wrapForDoc(GARBAGE_DOC, new Uint8Array([0, 2, 0xff])),
    code: CloseCode.badFrame,
  },
  {
    name: "mux invalid name",
    endpoint: "mux",
    frame: wrapForDoc("Bad Name", encodeSyncStep1(new Uint8Array([0]))),
    code: CloseCode.badDocumentName,
  },
  {
    name: "mux too large",
    endpoint: "mux",
    frame: wrapForDoc(GARBAGE_DOC, new Uint8Array(MAX_FRAME + 10)),
    code: CloseCode.tooLarge,
  },
  // Beyond twice the limit ws itself refuses the frame (1009) before we see it.
  { name: "huge", endpoint: "doc", frame: new Uint8Array(3 * MAX_FRAME), code: 1009 },
];

function randomCases(count: number, seed: number): Case[] {
  const rand = prng(seed);
  const prefixes = [[], [0], [0, 0], [0, 1], [0, 2], [1], [3], [0, 2, 0x7f], [0, 1, 2]];
  return Array.from({ length: count }, (_, i) => {
    const prefix = prefixes[Math.floor(rand() * prefixes.length)]!;
    const body = Array.from({ length: Math.floor(rand() * 48) }, () => Math.floor(rand() * 256));
    const message = new Uint8Array([...prefix, ...body]);
    const endpoint = rand() < 0.5 ? "doc" : "mux";
    const frame = endpoint === "mux" && rand() < 0.6 ? wrapForDoc(GARBAGE_DOC, message) : message;
    return { name: `random #${i}`, endpoint, frame };
  });
}

describe("bad input", () => {
  let dataDir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "crm-bad-input-"));
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", dataDir, maxFrameBytes: MAX_FRAME });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("closes only the offending connection, stores nothing, and keeps serving others", async () => {
    // A legitimate pair keeps editing another document the whole time.
    const traffic = await startLegitimateTraffic(server.wsUrl, LEGIT, { everyMs: 10, max: 500 });

    const cases = [...fixed, ...randomCases(2000, 0x5eed)];
    const outcomes: { name: string; code: number | "open"; errors: number }[] = [];
    const run = async (c: Case) => {
      const url = c.endpoint === "doc" ? `${server.wsUrl}/${GARBAGE_DOC}?ext=1` : server.wsUrl;
      const socket = await RawSocket.open(url);
      await new Promise((r) => setTimeout(r, 2)); // the greeting (sync step 1) arrives first
      socket.send(c.frame);
      try {
        const closed = await socket.waitClosed(c.code === undefined ? 1000 : 5000);
        const errors = c.endpoint === "doc" ? errorsIn(socket.messages).length : 0;
        outcomes.push({ name: c.name, code: closed.code, errors });
      } catch {
        outcomes.push({ name: c.name, code: "open", errors: 0 });
        await socket.close();
      }
    };
    try {
      const queue = [...cases];
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          for (let c = queue.shift(); c; c = queue.shift()) await run(c);
        }),
      );
    } finally {
      traffic.stop();
    }

    const byName = new Map(outcomes.map((o) => [o.name, o]));
    for (const c of fixed) {
      expect(byName.get(c.name)?.code, c.name).toBe(c.code);
      if (c.endpoint === "doc" && c.code !== 1009) expect(byName.get(c.name)?.errors, c.name).toBe(1);
    }
    const refusals = new Set<number | "open">([CloseCode.badFrame, CloseCode.badDocumentName, "open"]);
    // Outcomes arrive in completion order (20 sockets at once): pick the random cases by name.
    for (const o of outcomes.filter((x) => x.name.startsWith("random #")))
      expect(refusals.has(o.code), `${o.name}: ${o.code}`).toBe(true);
    expect(outcomes.filter((o) => o.code !== "open").length).toBeGreaterThan(1500);

    // The server is up, the legitimate edits all arrived, and storage holds nothing else.
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    await traffic.settled();
    expect(traffic.edits).toBeGreaterThan(10);
    expect(server.storage.listDocs()).toEqual([LEGIT]);
    expect(server.storage.loadUpdates(GARBAGE_DOC).updates).toHaveLength(0);
    await traffic.close();
  }, 60_000);

  it("without ?ext=1 a stock client gets no extension message, only the close code", async () => {
    const socket = await RawSocket.open(`${server.wsUrl}/${GARBAGE_DOC}`);
    socket.send(new Uint8Array([0, 2, 0xff]));
    expect((await socket.waitClosed()).code).toBe(CloseCode.badFrame);
    expect(errorsIn(socket.messages)).toEqual([]);
  });

  it("refuses other upgrade paths with 404 and keeps going", async () => {
    await expect(RawSocket.open(`${server.url.replace("http", "ws")}/nope`)).rejects.toThrow();
    const ok = await RawSocket.open(`${server.wsUrl}/${LEGIT}`);
    await ok.close();
  });
});
