import * as Y from "yjs";

/** True when the state vector `theirs` holds every struct counted in `ours`. */
export function coversStateVector(theirs: Uint8Array, ours: Uint8Array): boolean {
  const held = Y.decodeStateVector(theirs);
  for (const [client, clock] of Y.decodeStateVector(ours)) if ((held.get(client) ?? 0) < clock) return false;
  return true;
}
