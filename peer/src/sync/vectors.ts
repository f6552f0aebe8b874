import * as Y from "yjs";

/** A state vector as a map: client id → the next clock (how many structs of that client are known). */
export type StateVector = Map<number, number>;

/** True when `theirs` holds every struct counted in `ours`. */
export function covers(theirs: StateVector, ours: StateVector): boolean {
  for (const [client, clock] of ours) if ((theirs.get(client) ?? 0) < clock) return false;
  return true;
}

/** Raises `into` to hold `from` too. */
export function mergeInto(into: StateVector, from: StateVector): void {
  for (const [client, clock] of from) if ((into.get(client) ?? 0) < clock) into.set(client, clock);
}

export function decodeVector(sv: Uint8Array): StateVector {
  return Y.decodeStateVector(sv);
}

/** An update that holds no struct: nothing to apply (record documents only ever add structs). */
export function holdsNoStructs(update: Uint8Array): boolean {
  return Y.parseUpdateMeta(update).to.size === 0;
}
