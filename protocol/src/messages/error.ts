import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { ErrorCode } from "../errorCodes.js";
import { MessageType } from "../messageType.js";

/**
 * Server → client, type 101: `varString code, varString message`. Sent before the server closes
 * the connection, or (mux endpoint) for one document that is refused while the others go on:
 * `forbidden`, `read-only`, `too-many-documents`. `code` is one of ERROR_CODES; a client reads any
 * string (a newer server may know more codes than it does).
 */
export interface ErrorMessage {
  type: "error";
  code: string;
  message: string;
}

export function encodeError(code: ErrorCode, message: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.error);
  encoding.writeVarString(e, code);
  encoding.writeVarString(e, message);
  return encoding.toUint8Array(e);
}

/** Reads the body (after the message type); throws on a truncated message. */
export function decodeError(d: decoding.Decoder): ErrorMessage {
  return { type: "error", code: decoding.readVarString(d), message: decoding.readVarString(d) };
}
