import {
  CloseCode,
  decodeMessage,
  encodeAwareness,
  encodeQueryAwareness,
  encodeSyncStep1,
  unwrapDoc,
  wrapForDoc,
} from "@crm/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "./app.js";
import { AwarenessLimits } from "./messages.js";
import { errorsIn, RawSocket, waitUntil } from "./testing/clients.js";

/*
 * Presence (awareness) cannot be used against other people: a connection sets only the client
 * ids it announced first, a state has a size limit, and awareness bytes are rate-limited.
 */

const DOC = "default/notes/account/acme";

interface Entry {
  id: number;
  clock: number;
  state: unknown;
}

function awareness(entries: Entry[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const { id, clock, state } of entries) {
    encoding.writeVarUint(update, id);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  return wrapForDoc(DOC, encodeAwareness(encoding.toUint8Array(update)));
}

const STEP1 = wrapForDoc(DOC, encodeSyncStep1(new Uint8Array([0])));
const QUERY = wrapForDoc(DOC, encodeQueryAwareness());

/** Every awareness entry a socket received, in order. */
function received(socket: RawSocket): Entry[] {
  return socket.messages.flatMap((frame) => {
    const message = decodeMessage(unwrapDoc(frame).message);
    if (message.type !== "awareness") return [];
    const u = decoding.createDecoder(message.update);
    return Array.from({ length: decoding.readVarUint(u) }, () => ({
      id: decoding.readVarUint(u),
      clock: decoding.readVarUint(u),
      state: JSON.parse(decoding.readVarString(u)) as unknown,
    }));
  });
}

/** The states a fresh observer is told about (query-awareness), by client id. */
async function statesSeenBy(url: string): Promise<Map<number, unknown>> {
  const observer = await RawSocket.open(url);
  try {
    observer.send(STEP1);
    observer.send(QUERY);
    await waitUntil("the awareness answer", () => observer.messages.some((m) => unwrapDoc(m).message[0] === 1));
    // The greeting and the answer: the last entry of each id wins.
    return new Map(received(observer).map((e) => [e.id, e.state]));
  } finally {
    await observer.close();
  }
}

let server: RunningServer | undefined;
const sockets: RawSocket[] = [];
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  await server?.close();
  server = undefined;
});

async function join(url: string): Promise<RawSocket> {
  const socket = await RawSocket.open(url);
  sockets.push(socket);
  socket.send(STEP1);
  return socket;
}

describe("presence", () => {
  it("a connection cannot replace or remove another person's presence", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", metrics: false });
    const alice = await join(server.wsUrl);
    const watcher = await join(server.wsUrl);
    alice.send(awareness([{ id: 1001, clock: 1, state: { user: { name: "Alice" } } }]));
    await waitUntil("the watcher to see Alice", () => received(watcher).some((e) => e.id === 1001));

    const mallory = await join(server.wsUrl);
    mallory.send(awareness([{ id: 1001, clock: 2 ** 50, state: { user: { name: "Mallory" } } }]));
    mallory.send(awareness([{ id: 1001, clock: 2 ** 50 + 1, state: null }]));
    // Mallory's own presence still works: once the watcher has it, the foreign entries were handled.
    mallory.send(awareness([{ id: 666, clock: 1, state: { user: { name: "Mallory" } } }]));
    await waitUntil("the watcher to see Mallory's own state", () => received(watcher).some((e) => e.id === 666));

    expect(received(watcher).filter((e) => e.id === 1001)).toEqual([
      { id: 1001, clock: 1, state: { user: { name: "Alice" } } },
    ]);
    const seen = await statesSeenBy(server.wsUrl);
    expect(seen.get(1001)).toEqual({ user: { name: "Alice" } });
    expect(seen.get(666)).toEqual({ user: { name: "Mallory" } });
    // Alice still updates her own presence; when she leaves, it goes.
    alice.send(awareness([{ id: 1001, clock: 2, state: { user: { name: "Alice" }, cursor: 5 } }]));
    await waitUntil("Alice's update", () => received(watcher).some((e) => e.id === 1001 && e.clock === 2));
    await alice.close();
    await waitUntil("Alice's removal", () => received(watcher).some((e) => e.id === 1001 && e.state === null));
  });

  it("lets a person's other connection take their presence over, not someone else's", async () => {
    server = await createServer({ port: 0, host: "127.0.0.1", metrics: false });
    const store = server.auth!;
    const owner = store.createUser({ email: "o@example.test", name: "Owner", passwordHash: "x" });
    const ws = store.createWorkspace("Acme", owner.id).id;
    const mint = () => store.mintToken({ workspaceId: ws, role: "editor", name: "t", createdBy: owner.id }).token;
    const doc = `${ws}/notes/account/acme`;
    const send = (socket: RawSocket, entry: Entry) =>
      socket.send(wrapForDoc(doc, unwrapDoc(awareness([entry])).message));
    const open = async (token: string) => {
      const socket = await RawSocket.open(`${server!.wsUrl}?token=${token}`);
      sockets.push(socket);
      socket.send(wrapForDoc(doc, unwrapDoc(STEP1).message));
      return socket;
    };
    const tokenA = mint();
    const first = await open(tokenA);
    const watcher = await open(mint());
    const states = () => received(watcher).map((e) => (e.state as { cursor?: number } | null)?.cursor);
    send(first, { id: 7, clock: 1, state: { cursor: 1 } });
    await waitUntil("the first state", () => states().includes(1));
    const stranger = await open(mint());
    send(stranger, { id: 7, clock: 5, state: { cursor: 666 } });
    const again = await open(tokenA);
    send(again, { id: 7, clock: 2, state: { cursor: 2 } });
    await waitUntil("the reconnected tab's state", () => states().includes(2));
    expect(states()).not.toContain(666);
    // The old connection no longer owns it: closing it does not remove the presence.
    await first.close();
    send(again, { id: 7, clock: 3, state: { cursor: 3 } });
    await waitUntil("the next state", () => states().includes(3));
    expect(received(watcher).some((e) => e.id === 7 && e.state === null)).toBe(false);
  });

  it("refuses an awareness state over the size limit (4413) and relays nothing of it", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", metrics: false });
    const watcher = await join(server.wsUrl);
    const sender = await join(server.wsUrl);
    sender.send(awareness([{ id: 5, clock: 1, state: { blob: "x".repeat(15 * 1024 * 1024) } }]));
    const closed = await sender.waitClosed(10_000);
    expect(closed.code).toBe(CloseCode.tooLarge);
    expect(errorsInMux(sender)).toEqual([expect.objectContaining({ code: "too-large" })]);
    expect((await statesSeenBy(server.wsUrl)).has(5)).toBe(false);
    expect(received(watcher).some((e) => e.id === 5)).toBe(false);
    // Just under the limit is a state like any other.
    const fine = await join(server.wsUrl);
    fine.send(awareness([{ id: 6, clock: 1, state: { blob: "x".repeat(AwarenessLimits.maxStateBytes - 20) } }]));
    await waitUntil("the large-but-allowed state", () => received(watcher).some((e) => e.id === 6));
  });

  it("counts awareness bytes, not only messages, in the rate limit", async () => {
    server = await createServer({
      auth: "off",
      port: 0,
      host: "127.0.0.1",
      metrics: false,
      maxAwarenessBytesPerSecond: 16 * 1024,
    });
    const sender = await join(server.wsUrl);
    // 40 messages of ~10 KB: far below the message rate, 400 KB against a 160 KB burst.
    for (let clock = 1; clock <= 40 && !sender.closed; clock++)
      sender.send(awareness([{ id: 9, clock, state: { blob: "y".repeat(10_000) } }]));
    const closed = await sender.waitClosed();
    expect(closed.code).toBe(CloseCode.rateLimited);
    expect(closed.reason).toMatch(/bytes of presence per second/);
  });
});

function errorsInMux(socket: RawSocket) {
  return errorsIn(socket.messages.map((m) => unwrapDoc(m).message));
}
