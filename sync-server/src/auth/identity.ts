import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/**
 * Rewrites an awareness update so that every state a connection announces carries the identity of
 * its session (`user.id`, `user.name`): nobody can appear on a teammate's screen as someone else.
 * Other fields (colour, cursor, selection) are the client's. Removals (`null` states) pass as they
 * are. The update was validated by `decodeClientMessage` before it gets here.
 */
export function stampIdentity(update: Uint8Array, identity: { id: string; name: string }): Uint8Array {
  const d = decoding.createDecoder(update);
  const e = encoding.createEncoder();
  const count = decoding.readVarUint(d);
  encoding.writeVarUint(e, count);
  for (let i = 0; i < count; i++) {
    encoding.writeVarUint(e, decoding.readVarUint(d)); // client id
    encoding.writeVarUint(e, decoding.readVarUint(d)); // clock
    const state = JSON.parse(decoding.readVarString(d)) as unknown;
    if (state !== null && typeof state === "object" && !Array.isArray(state)) {
      const s = state as Record<string, unknown>;
      const user = s.user !== null && typeof s.user === "object" && !Array.isArray(s.user) ? s.user : {};
      s.user = { ...user, id: identity.id, name: identity.name };
    }
    encoding.writeVarString(e, JSON.stringify(state));
  }
  return encoding.toUint8Array(e);
}
