import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { MessageType } from "../messageType.js";

/**
 * Server → client, type 100: `varUint count` — how many of the document updates (sync step 2 and
 * update messages) this connection sent for this document are now durably stored. Cumulative per
 * connection and document, across unsubscribe/subscribe (a client counts its sends the same way,
 * not per subscription); an update whose subscription ended before its commit is still
 * acknowledged. "Synced" in the app means every sent update is counted here.
 */
export interface PersistedMessage {
  type: "persisted";
  count: number;
}

export function encodePersisted(count: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.persisted);
  encoding.writeVarUint(e, count);
  return encoding.toUint8Array(e);
}

/** Reads the body (after the message type); throws on a truncated message. */
export function decodePersisted(d: decoding.Decoder): PersistedMessage {
  return { type: "persisted", count: decoding.readVarUint(d) };
}
