import { MessageType } from "@crm/sync-server/protocol";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

/** An update with no structs and an empty delete set. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** True when the state vector `theirs` holds every struct counted in `ours`. */
export function coversStateVector(theirs: Uint8Array, ours: Uint8Array): boolean {
  const held = Y.decodeStateVector(theirs);
  for (const [client, clock] of Y.decodeStateVector(ours)) if ((held.get(client) ?? 0) < clock) return false;
  return true;
}

/** Sync step 2 saying "you have everything I have". */
export function emptyStep2(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(e, EMPTY_UPDATE);
  return encoding.toUint8Array(e);
}

export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(e);
}
