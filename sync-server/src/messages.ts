import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { BadFrame } from "./errors.js";
import { MessageType } from "./protocol/index.js";

/*
 * Decoding of the y-websocket messages a client may send, done completely (and into copies)
 * before anything acts on them, plus the encoders for what the server sends back.
 */

export const SyncType = { step1: 0, step2: 1, update: 2 } as const;

export type ClientMessage =
  | { type: "sync-step1"; stateVector: Uint8Array }
  | { type: "sync-update"; update: Uint8Array; empty: boolean }
  | { type: "awareness"; update: Uint8Array }
  | { type: "query-awareness" }
  | { type: "unsubscribe" };

function decodeStep<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new BadFrame(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function expectEnd(d: decoding.Decoder, what: string): void {
  if (decoding.hasContent(d)) throw new BadFrame(`${what}: ${d.arr.length - d.pos} trailing bytes`);
}

/** Parses and fully validates one message; throws `BadFrame` on anything malformed. */
export function decodeClientMessage(message: Uint8Array): ClientMessage {
  if (message.byteLength === 0) throw new BadFrame("empty message");
  const d = decoding.createDecoder(message);
  const type = decodeStep("message type", () => decoding.readVarUint(d));
  switch (type) {
    case MessageType.sync: {
      const syncType = decodeStep("sync message type", () => decoding.readVarUint(d));
      const payload = decodeStep("sync payload", () => decoding.readVarUint8Array(d).slice());
      expectEnd(d, "sync message");
      if (syncType === SyncType.step1) {
        decodeStep("state vector", () => Y.decodeStateVector(payload));
        return { type: "sync-step1", stateVector: payload };
      }
      if (syncType === SyncType.step2 || syncType === SyncType.update) {
        const decoded = decodeStep("update", () => Y.decodeUpdate(payload));
        const empty = decoded.structs.length === 0 && decoded.ds.clients.size === 0;
        return { type: "sync-update", update: payload, empty };
      }
      throw new BadFrame(`unknown sync message type ${syncType}`);
    }
    case MessageType.awareness: {
      const payload = decodeStep("awareness payload", () => decoding.readVarUint8Array(d).slice());
      expectEnd(d, "awareness message");
      decodeStep("awareness update", () => validateAwarenessUpdate(payload));
      return { type: "awareness", update: payload };
    }
    case MessageType.queryAwareness:
      expectEnd(d, "query-awareness message");
      return { type: "query-awareness" };
    case MessageType.unsubscribe:
      expectEnd(d, "unsubscribe message");
      return { type: "unsubscribe" };
    default:
      throw new BadFrame(`unknown message type ${type}`);
  }
}

/** Reads an awareness update the way `applyAwarenessUpdate` will, without applying it. */
function validateAwarenessUpdate(update: Uint8Array): void {
  const d = decoding.createDecoder(update);
  const len = decoding.readVarUint(d);
  for (let i = 0; i < len; i++) {
    decoding.readVarUint(d); // client id
    decoding.readVarUint(d); // clock
    JSON.parse(decoding.readVarString(d));
  }
  if (decoding.hasContent(d)) throw new Error("trailing bytes");
}

function encode(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncType.step1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncType.step2);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncType.update);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, awarenessUpdate);
  });
}
