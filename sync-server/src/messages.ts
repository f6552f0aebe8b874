import { MessageType, SyncType } from "@crm/protocol";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { BadFrame, TooLarge } from "./errors.js";

/*
 * Decoding of the y-websocket messages a client may send, done completely (and into copies)
 * before anything acts on them (what the server sends is encoded by @crm/protocol). Y.decodeUpdate
 * alone is not enough to validate an update: `scanUpdate` and `checkStructure` add the limits and
 * consistency rules whose absence lets a small update hang, exhaust or wedge Yjs (`UpdateLimits`).
 */

export type ClientMessage =
  | { type: "sync-step1"; stateVector: Uint8Array }
  | { type: "sync-update"; update: Uint8Array; empty: boolean }
  | { type: "awareness"; update: Uint8Array }
  | { type: "query-awareness" }
  | { type: "unsubscribe" };

function decodeStep<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new BadFrame(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function expectEnd(d: decoding.Decoder, what: string): void {
  if (decoding.hasContent(d)) throw new BadFrame(`${what}: ${d.arr.length - d.pos} trailing bytes`);
}

/** Parses and fully validates one message; throws `BadFrame` on anything malformed. */
export function decodeClientMessage(message: Uint8Array): ClientMessage {
  if (message.byteLength === 0) throw new BadFrame("empty message");
  const d = decoding.createDecoder(message);
  const type = decodeStep("message type", () => decoding.readVarUint(d));
  switch (type) {
    case MessageType.sync: {
      const syncType = decodeStep("sync message type", () => decoding.readVarUint(d));
      const payload = decodeStep("sync payload", () => readBytes(d).slice());
      expectEnd(d, "sync message");
      if (syncType === SyncType.step1) {
        decodeStep("state vector", () => checkStateVector(Y.decodeStateVector(payload)));
        return { type: "sync-step1", stateVector: payload };
      }
      if (syncType === SyncType.step2 || syncType === SyncType.update) {
        // Our own bounded scan first: Y.decodeUpdate allocates per struct (up to ~400× the wire
        // size for subdocuments) and accepts values that later overflow the stack inside Yjs.
        decodeStep("update", () => scanUpdate(payload));
        const decoded = decodeStep("update", () => Y.decodeUpdate(payload));
        decodeStep("update", () => checkStructure(decoded.structs));
        const empty = decoded.structs.length === 0 && decoded.ds.clients.size === 0;
        return { type: "sync-update", update: payload, empty };
      }
      throw new BadFrame(`unknown sync message type ${syncType}`);
    }
    case MessageType.awareness: {
      const payload = decodeStep("awareness payload", () => readBytes(d).slice());
      expectEnd(d, "awareness message");
      const largest = decodeStep("awareness update", () => validateAwarenessUpdate(payload));
      if (largest > AwarenessLimits.maxStateBytes)
        throw new TooLarge(`an awareness state of ${largest} bytes exceeds ${AwarenessLimits.maxStateBytes}`);
      return { type: "awareness", update: payload };
    }
    case MessageType.queryAwareness:
      expectEnd(d, "query-awareness message");
      return { type: "query-awareness" };
    case MessageType.unsubscribe:
      expectEnd(d, "unsubscribe message");
      return { type: "unsubscribe" };
    default:
      throw new BadFrame(`unknown message type ${type}`);
  }
}

/**
 * Presence (awareness) is relayed to every peer of a document and kept in memory while its sender
 * is connected: a person's state is a name, a colour and a caret, a few hundred bytes.
 */
export const AwarenessLimits = {
  /** Largest state of one client (its JSON, in UTF-16 code units). */
  maxStateBytes: 16 * 1024,
  /** Client ids one connection may announce per document (one Y.Doc each: one in practice). */
  maxClientsPerPeer: 8,
} as const;

/**
 * Reads an awareness update the way `applyAwarenessUpdate` will, without applying it; returns
 * the length of its largest state.
 */
function validateAwarenessUpdate(update: Uint8Array): number {
  const d = decoding.createDecoder(update);
  const len = readCount(d);
  let largest = 0;
  for (let i = 0; i < len; i++) {
    readCount(d); // client id
    readCount(d); // clock
    const state = readString(d);
    largest = Math.max(largest, state.length);
    // Every peer's state is re-encoded with JSON.stringify (relay, greeting): keep it shallow.
    checkJsonDepth(state);
    // Too large: refused by the caller, never parsed.
    if (state.length <= AwarenessLimits.maxStateBytes) JSON.parse(state);
  }
  if (decoding.hasContent(d)) throw new Error("trailing bytes");
  return largest;
}

/*
 * Limits Yjs does not enforce itself (measured on yjs 13.6 / Node 20, see yjsCorpus.test.ts):
 * - Deleting or garbage-collecting a shared type recurses once per nesting level; JSON content is
 *   re-encoded with the recursive JSON.stringify. Around 4,000 levels the stack overflows inside
 *   Yjs' transaction cleanup, after the update was stored, and leaves the Y.Doc wedged (its
 *   `_transactionCleanups` never empties, so no later change emits an `update`: nothing is
 *   relayed any more, and every reload of the stored rows does it again).
 * - A subdocument costs ~2.4 KB of heap and ~7 µs for 6 bytes on the wire, inside
 *   Y.decodeUpdate already: a 16 MiB frame of them would need ~6 GB. The app uses none.
 * - Clocks, lengths and client ids are doubles in Yjs: beyond 2^53 they lose precision.
 */
export const UpdateLimits = {
  /** Shared types nested inside each other by one update (relative to what it references). */
  maxTypeDepth: 256,
  /** Arrays/objects nested inside each other in one JSON, embed, format or `Any` value. */
  maxValueDepth: 64,
  /** Subdocuments created by one update. */
  maxSubdocs: 16,
  maxInteger: Number.MAX_SAFE_INTEGER,
} as const;

/** A varUint that must be a safe integer (lib0 lets the last byte of a varint exceed 2^53). */
function readCount(d: decoding.Decoder): number {
  const n = decoding.readVarUint(d);
  if (n > UpdateLimits.maxInteger) throw new Error(`integer ${n} exceeds 2^53`);
  return n;
}

/**
 * Reads an id an item refers to (origin, right origin, parent). Yjs assumes an item only refers
 * to items of its own client that came before it (its missing-dependency check skips them), so
 * a forward reference makes applyUpdate throw halfway: refuse it here.
 */
function readRef(d: decoding.Decoder, client: number, clock: number): void {
  const refClient = readCount(d);
  const refClock = readCount(d);
  if (refClient === client && refClock >= clock)
    throw new Error(`item ${client}:${clock} refers forward to ${refClock}`);
}

/** Checks a declared length against the bytes left before reading (lib0 does not). */
function checkedLength(d: decoding.Decoder): number {
  const len = decoding.readVarUint(d);
  const left = d.arr.length - d.pos;
  if (len > left) throw new Error(`declared length ${len} exceeds the ${left} bytes left`);
  return len;
}

function readBytes(d: decoding.Decoder): Uint8Array {
  return decoding.readUint8Array(d, checkedLength(d));
}

function readString(d: decoding.Decoder): string {
  const start = d.pos;
  checkedLength(d);
  d.pos = start;
  return decoding.readVarString(d);
}

function readByte(d: decoding.Decoder): number {
  if (!decoding.hasContent(d)) throw new Error("unexpected end of update");
  return decoding.readUint8(d);
}

function skip(d: decoding.Decoder, n: number): void {
  if (d.arr.length - d.pos < n) throw new Error("unexpected end of update");
  d.pos += n;
}

function checkJsonDepth(json: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      // a backslash escapes the next character
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > UpdateLimits.maxValueDepth)
        throw new Error(`JSON nested deeper than ${UpdateLimits.maxValueDepth}`);
    } else if (c === 93 || c === 125) depth--;
  }
}

/** Skips one lib0 `Any` value without recursion, bounding its nesting. */
function scanAny(d: decoding.Decoder): void {
  const frames: { left: number; object: boolean }[] = [];
  let left = 1;
  let object = false;
  for (;;) {
    if (left === 0) {
      const up = frames.pop();
      if (!up) return;
      ({ left, object } = up);
      continue;
    }
    left--;
    if (object) readString(d); // the key
    const type = readByte(d);
    switch (type) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        break;
      case 125:
        decoding.readVarInt(d);
        break;
      case 124:
        skip(d, 4);
        break;
      case 123: // float64
      case 122: // bigint64
        skip(d, 8);
        break;
      case 119:
        readString(d);
        break;
      case 116:
        readBytes(d);
        break;
      case 118: // object
      case 117: // array
        frames.push({ left, object });
        if (frames.length > UpdateLimits.maxValueDepth)
          throw new Error(`value nested deeper than ${UpdateLimits.maxValueDepth}`);
        left = readCount(d);
        object = type === 118;
        break;
      default:
        throw new Error(`unknown value type ${type}`);
    }
  }
}

/** Skips an item's content (v1 encoding, as Yjs' `contentRefs` read it); returns its length. */
function scanContent(d: decoding.Decoder, ref: number, subdocs: { count: number }): number {
  switch (ref) {
    case 1: // deleted
      return readCount(d);
    case 2: {
      // JSON
      const len = readCount(d);
      for (let i = 0; i < len; i++) {
        const json = readString(d);
        if (json !== "undefined") checkJsonDepth(json);
      }
      return len;
    }
    case 3: // binary
      readBytes(d);
      return 1;
    case 4: // string
      return readString(d).length;
    case 5: // embed
      checkJsonDepth(readString(d));
      return 1;
    case 6: // format: key, JSON value
      readString(d);
      checkJsonDepth(readString(d));
      return 1;
    case 7: {
      // shared type: YArray 0, YMap 1, YText 2, YXmlElement 3 (+ name), YXmlFragment 4, YXmlHook 5 (+ name), YXmlText 6
      const typeRef = readCount(d);
      if (typeRef > 6) throw new Error(`unknown type ${typeRef}`);
      if (typeRef === 3 || typeRef === 5) readString(d);
      return 1;
    }
    case 8: {
      // Any
      const len = readCount(d);
      for (let i = 0; i < len; i++) scanAny(d);
      return len;
    }
    case 9: // subdocument: guid, options
      if (++subdocs.count > UpdateLimits.maxSubdocs)
        throw new Error(`more than ${UpdateLimits.maxSubdocs} subdocuments in one update`);
      readString(d);
      scanAny(d);
      return 1;
    default:
      throw new Error(`unknown content type ${ref}`);
  }
}

/**
 * Walks a v1 update without building it (constant memory, linear time) and enforces
 * `UpdateLimits`; Y.decodeUpdate then does the full validation.
 */
export function scanUpdate(update: Uint8Array): void {
  const d = decoding.createDecoder(update);
  const subdocs = { count: 0 };
  const clients = readCount(d);
  for (let c = 0; c < clients; c++) {
    const structs = readCount(d);
    const client = readCount(d);
    let clock = readCount(d);
    for (let i = 0; i < structs; i++) {
      const info = readByte(d);
      const ref = info & 0x1f;
      let len: number;
      if (ref === 0 || info === 10) {
        // GC or Skip: just a length (Y.decodeUpdate takes only exactly 10 as a Skip)
        len = readCount(d);
      } else {
        if (info & 0x80) readRef(d, client, clock); // origin
        if (info & 0x40) readRef(d, client, clock); // right origin
        if ((info & 0xc0) === 0) {
          // parent: a root type's name, or the id of the item holding the type
          if (readCount(d) === 1) readString(d);
          else readRef(d, client, clock);
          if (info & 0x20) readString(d); // key in a map
        }
        len = scanContent(d, ref, subdocs);
      }
      // Yjs never encodes an empty struct (every insert path skips empty content) and its
      // lookups assume length ≥ 1: applied, one corrupts the document (see the corpus test).
      if (len === 0) throw new Error("empty struct");
      clock += len;
      if (clock > UpdateLimits.maxInteger) throw new Error("clock exceeds 2^53");
    }
  }
  // delete set: per client, ranges of (clock, length)
  const dsClients = readCount(d);
  for (let c = 0; c < dsClients; c++) {
    readCount(d);
    const ranges = readCount(d);
    for (let i = 0; i < ranges; i++) {
      const start = readCount(d);
      const len = readCount(d);
      // Yjs' own encoder refuses an empty range (it throws re-encoding one it cannot apply yet)
      if (len === 0) throw new Error("empty deleted range");
      if (start + len > UpdateLimits.maxInteger) throw new Error("deleted range exceeds 2^53");
    }
  }
  // Yjs ignores what follows; an update from Yjs never has anything there, so none of it is stored.
  if (decoding.hasContent(d)) throw new Error(`${d.arr.length - d.pos} trailing bytes`);
}

function checkStateVector(sv: Map<number, number>): void {
  for (const [client, clock] of sv) {
    if (client > UpdateLimits.maxInteger || clock > UpdateLimits.maxInteger) throw new Error("integer exceeds 2^53");
  }
}

/**
 * Checks the references between the structs of one update: a parent inside the update must
 * hold a shared type, references must not form a cycle, and shared types must not nest deeper
 * than `maxTypeDepth`, counted from what the update references outside itself (a root type or
 * items already in the document are level 1). An item sits one level below the type its parent
 * id names, or on its origin's level when the parent is implied by an origin (Yjs'
 * `cantCopyParentInfo`). Iterative, since the chain itself may be long.
 */
export function checkStructure(structs: Array<Y.Item | Y.GC | Y.Skip>): void {
  const byClient = new Map<number, number[]>();
  structs.forEach((s, i) => {
    const list = byClient.get(s.id.client);
    if (list) list.push(i);
    else byClient.set(s.id.client, [i]);
  });
  for (const list of byClient.values()) list.sort((a, b) => structs[a]!.id.clock - structs[b]!.id.clock);
  const find = (id: Y.ID): number => {
    const list = byClient.get(id.client);
    if (!list) return -1;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = structs[list[mid]!]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return list[mid]!;
    }
    return -1;
  };
  const level = new Int32Array(structs.length); // 0: not yet known, -1: being resolved
  const pending: number[] = [];
  for (let i = 0; i < structs.length; i++) {
    pending.push(i);
    while (pending.length > 0) {
      const j = pending[pending.length - 1]!;
      const s = structs[j]!;
      if (level[j]! > 0) {
        pending.pop();
        continue;
      }
      let ref = -1;
      let step = 0;
      if (s instanceof Y.Item) {
        if (s.parent instanceof Y.ID) {
          ref = find(s.parent);
          step = 1;
          const parent = structs[ref];
          // Yjs reads the type out of the parent item without checking that it holds one.
          if (parent instanceof Y.Item && !(parent.content instanceof Y.ContentType))
            throw new Error(`parent of ${s.id.client}:${s.id.clock} is not a shared type`);
        } else if (s.parent === null) {
          const neighbour = s.origin ?? s.rightOrigin;
          if (neighbour) ref = find(neighbour);
        }
      }
      if (ref !== -1 && structs[ref] instanceof Y.Skip) ref = -1; // a gap: what is there lives outside
      if (ref !== -1 && level[ref] === 0) {
        level[j] = -1;
        pending.push(ref);
        continue;
      }
      if (ref !== -1 && level[ref] === -1) throw new Error("items refer to each other in a cycle");
      level[j] = ref === -1 ? 1 : level[ref]! + step;
      if (level[j]! > UpdateLimits.maxTypeDepth)
        throw new Error(`shared types nested deeper than ${UpdateLimits.maxTypeDepth}`);
      pending.pop();
    }
  }
}
