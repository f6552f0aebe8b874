import { decodeMessage, encodeSyncStep1, encodeUnsubscribe, encodeUpdate, unwrapDoc, wrapForDoc } from "@crm/protocol";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createServer, type RunningServer } from "./app.js";
import { HeldStorage, RawSocket, waitUntil } from "./testing/clients.js";

/*
 * What a `persisted` count means, pinned at the wire: the number of sync-step-2/update messages
 * this CONNECTION sent for the document that are stored — cumulative across unsubscribe and
 * subscribe. A client that counts from 0 again when it resubscribes would read an acknowledgement
 * of the earlier subscription's updates (possibly committed after it left) as one of the new.
 */

const NOTE = "default/notes/account/acc-1";

/** What the server sent for NOTE, decoded just enough: sync steps and persisted counts, in order. */
function received(socket: RawSocket): string[] {
  return socket.messages.flatMap((frame) => {
    const { docName, message } = unwrapDoc(frame);
    if (docName !== NOTE) return [];
    const decoded = decodeMessage(message);
    if (decoded.type === "persisted") return [`persisted ${decoded.count}`];
    if (decoded.type === "sync") return [["step1", "step2", "update"][decoded.syncType]!];
    return [];
  });
}

describe("persisted counts across unsubscribe and subscribe (mux endpoint)", () => {
  let server: RunningServer;
  let storage: HeldStorage;
  afterEach(async () => {
    storage.releaseAll();
    await server.close();
  });

  it("an update still being committed when its subscription ended is counted, and the new subscription counts on", async () => {
    storage = new HeldStorage();
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", storage });
    const socket = await RawSocket.open(server.wsUrl);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));

    socket.send(wrapForDoc(NOTE, encodeSyncStep1(Y.encodeStateVector(doc))));
    await waitUntil("the server's answer", () => received(socket).includes("step2"));

    // Subscription 1 sends U1; its commit is held, and the client leaves and comes back meanwhile.
    storage.holding = true;
    doc.getText("body").insert(0, "first");
    socket.send(wrapForDoc(NOTE, encodeUpdate(updates[0]!)));
    await waitUntil("U1's commit in flight", () => storage.held === 1);
    socket.send(wrapForDoc(NOTE, encodeUnsubscribe()));
    socket.send(wrapForDoc(NOTE, encodeSyncStep1(Y.encodeStateVector(doc))));
    // The server answers the new subscription only after the commits in flight (its state vector
    // counts updates applied before their commit): U2 goes out before that greeting.
    doc.getText("body").insert(5, " second");
    socket.send(wrapForDoc(NOTE, encodeUpdate(updates[1]!)));
    await waitUntil("U2's commit queued behind U1's", () => storage.held >= 1);
    expect(received(socket).filter((m) => m.startsWith("persisted"))).toEqual([]);

    // U1 is stored: acknowledged although its subscription is over, with the connection's count.
    storage.release();
    await waitUntil("U1 acknowledged", () => received(socket).includes("persisted 1"));
    expect(storage.committed.map((c) => c.update)).toEqual([updates[0]]);
    // Not "persisted 2", nothing that a fresh count could take for U2.
    expect(received(socket).filter((m) => m.startsWith("persisted"))).toEqual(["persisted 1"]);

    storage.release();
    await waitUntil("U2 acknowledged", () => received(socket).includes("persisted 2"));
    await waitUntil("the second greeting", () => received(socket).filter((m) => m === "step1").length === 2);
    expect(storage.committed.map((c) => c.update)).toEqual([updates[0], updates[1]]);
    expect(received(socket).filter((m) => m.startsWith("persisted"))).toEqual(["persisted 1", "persisted 2"]);
    await socket.close();
  });

  it("each connection counts from zero; a resubscribe on the same connection does not", async () => {
    storage = new HeldStorage();
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", storage });
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    const first = await RawSocket.open(server.wsUrl);
    doc.getText("body").insert(0, "a");
    first.send(wrapForDoc(NOTE, encodeUpdate(updates[0]!)));
    await waitUntil("ack", () => received(first).includes("persisted 1"));
    first.send(wrapForDoc(NOTE, encodeUnsubscribe()));
    doc.getText("body").insert(1, "b");
    // The update's frame rejoins the document (the first message naming it) and counts on.
    first.send(wrapForDoc(NOTE, encodeUpdate(updates[1]!)));
    await waitUntil("ack", () => received(first).includes("persisted 2"));

    const second = await RawSocket.open(server.wsUrl);
    doc.getText("body").insert(2, "c");
    second.send(wrapForDoc(NOTE, encodeUpdate(updates[2]!)));
    await waitUntil("ack", () => received(second).includes("persisted 1"));
    expect(received(second).filter((m) => m.startsWith("persisted"))).toEqual(["persisted 1"]);
    await first.close();
    await second.close();
  });
});
