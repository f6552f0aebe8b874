import * as encoding from "lib0/encoding";
import * as authProtocol from "y-protocols/auth";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import { MessageType } from "./messageType.js";

/*
 * The standard y-websocket messages (y-protocols' encoding), encoded here and nowhere else: the
 * web app, the server, its test clients and the benchmarks all call these.
 */

/** An update with no structs and an empty delete set ("you have everything I have"). */
export const EMPTY_UPDATE: Uint8Array = new Uint8Array([0, 0]);

/**
 * `sync, syncType, varUint8Array payload`, allocated at its exact size: a lib0 encoder would first
 * grow a buffer to about twice a large update, garbage that fragments the native heap when big
 * documents are served.
 */
function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const header = encoding.createEncoder();
  encoding.writeVarUint(header, MessageType.sync);
  encoding.writeVarUint(header, syncType);
  encoding.writeVarUint(header, payload.byteLength);
  const head = encoding.toUint8Array(header);
  const message = new Uint8Array(head.byteLength + payload.byteLength);
  message.set(head);
  message.set(payload, head.byteLength);
  return message;
}

/** Sync step 1: "this is what I have" (an encoded state vector, `Y.encodeStateVector`). */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return syncFrame(syncProtocol.messageYjsSyncStep1, stateVector);
}

/** Sync step 2: the answer to a step 1, what the peer lacks (`Y.encodeStateAsUpdate(doc, theirSv)`). */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return syncFrame(syncProtocol.messageYjsSyncStep2, update);
}

/** A live update (a local transaction's, or one relayed by the server). */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return syncFrame(syncProtocol.messageYjsUpdate, update);
}

/** An awareness (presence) message carrying an encoded awareness update. */
export function encodeAwareness(awarenessUpdate: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, awarenessUpdate);
  return encoding.toUint8Array(e);
}

/** The awareness message announcing these clients' states of `awareness` (null ones: removed). */
export function encodeAwarenessStates(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
}

/** "Send me every awareness state you know." */
export function encodeQueryAwareness(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.queryAwareness);
  return encoding.toUint8Array(e);
}

/** y-protocols/auth "permission denied" with a reason: what a stock provider understands. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.auth);
  authProtocol.writePermissionDenied(e, reason);
  return encoding.toUint8Array(e);
}
