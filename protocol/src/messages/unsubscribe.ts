import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { MessageType } from "../messageType.js";

/**
 * Client → server, type 102, multiplexed endpoint only, no body: stop receiving this document
 * (the server leaves its room). Acknowledgements of updates already sent still come (persisted.ts).
 */
export interface UnsubscribeMessage {
  type: "unsubscribe";
}

export function encodeUnsubscribe(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.unsubscribe);
  return encoding.toUint8Array(e);
}

/** Reads the body (after the message type): there is none; trailing bytes are an error. */
export function decodeUnsubscribe(d: decoding.Decoder): UnsubscribeMessage {
  if (decoding.hasContent(d)) throw new Error(`unsubscribe: ${d.arr.length - d.pos} trailing bytes`);
  return { type: "unsubscribe" };
}
