import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/*
 * The multiplexed endpoint (`/sync`) carries many documents over one socket, as Hocuspocus does:
 * every frame, both ways, is `varString documentName` followed by one message exactly as on the
 * per-document endpoint (`/sync/<documentName>`).
 */

export function wrapForDoc(docName: string, message: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, docName);
  encoding.writeUint8Array(e, message);
  return encoding.toUint8Array(e);
}

/** Splits a multiplexed frame; throws on a truncated or malformed name. */
export function unwrapDoc(frame: Uint8Array): { docName: string; message: Uint8Array } {
  const d = decoding.createDecoder(frame);
  const docName = decoding.readVarString(d);
  return { docName, message: frame.subarray(d.pos) };
}
