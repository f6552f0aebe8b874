import * as decoding from "lib0/decoding";
import * as authProtocol from "y-protocols/auth";
import { decodeError, type ErrorMessage } from "./messages/error.js";
import { decodePersisted, type PersistedMessage } from "./messages/persisted.js";
import { decodeUnsubscribe, type UnsubscribeMessage } from "./messages/unsubscribe.js";
import { MessageType } from "./messageType.js";

/** One message, read without judging its payload (the server validates updates itself). */
export type Message =
  | { type: "sync"; syncType: number; payload: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "permission-denied"; reason: string }
  | { type: "query-awareness" }
  | PersistedMessage
  | ErrorMessage
  | UnsubscribeMessage
  /** A type this version does not know (a newer peer's extension): ignore it. */
  | { type: "unknown"; messageType: number };

/**
 * Reads one message (the part after the document name on the mux endpoint). Payloads are views
 * into `message`, not copies. Throws on a truncated message.
 */
export function decodeMessage(message: Uint8Array): Message {
  const d = decoding.createDecoder(message);
  const messageType = decoding.readVarUint(d);
  switch (messageType) {
    case MessageType.sync: {
      const syncType = decoding.readVarUint(d);
      return { type: "sync", syncType, payload: decoding.readVarUint8Array(d) };
    }
    case MessageType.awareness:
      return { type: "awareness", update: decoding.readVarUint8Array(d) };
    case MessageType.auth: {
      const authType = decoding.readVarUint(d);
      if (authType !== authProtocol.messagePermissionDenied) return { type: "unknown", messageType };
      return { type: "permission-denied", reason: decoding.readVarString(d) };
    }
    case MessageType.queryAwareness:
      return { type: "query-awareness" };
    case MessageType.persisted:
      return decodePersisted(d);
    case MessageType.error:
      return decodeError(d);
    case MessageType.unsubscribe:
      return decodeUnsubscribe(d);
    default:
      return { type: "unknown", messageType };
  }
}
