import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from "@crm/protocol";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

/*
 * Inputs known to hang, crash or corrupt Yjs, as whole client messages (y-websocket framing; the
 * mux endpoint prefixes the document name). Each says where it comes from and what it did. Yjs
 * 13.6.33 / lib0 0.2.120 are what the server runs; "now" below means those versions.
 * Replayed by yjsCorpus.test.ts against a real server; the fuzz (frameFuzz.test.ts) starts
 * its mutations from here too.
 */

export interface CorpusInput {
  name: string;
  /** Origin, and what it did to Yjs. */
  source: string;
  message: Uint8Array;
}

/** A sync message (0 step 1, 1 step 2, 2 update) around any payload, valid or not. */
export function syncMessage(syncType: 0 | 1 | 2, payload: Uint8Array | number[]): Uint8Array {
  const encode = [encodeSyncStep1, encodeSyncStep2, encodeUpdate][syncType]!;
  return encode(Uint8Array.from(payload));
}

const update = (payload: Uint8Array | number[]) => syncMessage(2, payload);

/** A small real update (fixed client id): a map entry, text, a deletion. */
export function validUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 4242;
  doc.getMap("records").set("a1", { name: "Acme", n: 3 });
  doc.getText("t").insert(0, "héllo");
  doc.getText("t").delete(1, 2);
  return Y.encodeStateAsUpdate(doc);
}

/** One client's block of structs, then an empty delete set (v1 encoding). */
function oneClient(client: number, clock: number, structs: ((e: encoding.Encoder) => void)[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, structs.length);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  for (const s of structs) s(e);
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** A chain of Y.Arrays, each inside the previous one, `depth` levels below `parent` (a root name or an id). */
export function nestedArrays(depth: number, client = 7, clock = 0, parent: string | Y.ID = "a"): Uint8Array {
  return oneClient(
    client,
    clock,
    Array.from({ length: depth }, (_, i) => (e: encoding.Encoder) => {
      encoding.writeUint8(e, 7); // content: shared type, no origins → the parent is written
      const p = i === 0 ? parent : Y.createID(client, clock + i - 1);
      if (typeof p === "string") {
        encoding.writeVarUint(e, 1);
        encoding.writeVarString(e, p);
      } else {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, p.client);
        encoding.writeVarUint(e, p.clock);
      }
      encoding.writeVarUint(e, 0); // YArray
    }),
  );
}

/** An update that only deletes `len` items of `client` from `clock`. */
export function deletion(client: number, clock: number, len: number): Uint8Array {
  const e = encoding.createEncoder();
  for (const n of [0, 1, client, 1, clock, len]) encoding.writeVarUint(e, n);
  return encoding.toUint8Array(e);
}

/** One item under the root type "a" holding `json` as embed (5), format (6) or JSON (2) content. */
function jsonItem(kind: 2 | 5 | 6, json: string): Uint8Array {
  return oneClient(9, 0, [
    (e) => {
      encoding.writeUint8(e, kind);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, "a");
      if (kind === 2) encoding.writeVarUint(e, 1);
      if (kind === 6) encoding.writeVarString(e, "bold");
      encoding.writeVarString(e, json);
    },
  ]);
}

const deepJson = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

/** `count` subdocuments under the root type "a" (6 bytes each: guid "", options {}). */
export function subdocs(count: number): Uint8Array {
  return oneClient(
    11,
    0,
    Array.from({ length: count }, (_, i) => (e: encoding.Encoder) => {
      encoding.writeUint8(e, 9);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, i === 0 ? "a" : "");
      encoding.writeVarString(e, "");
      encoding.writeUint8(e, 118); // Any: object
      encoding.writeVarUint(e, 0);
    }),
  );
}

function deepAny(depth: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, 8); // content Any
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, "a");
  encoding.writeVarUint(e, 1);
  for (let i = 0; i < depth; i++) encoding.writeUint8Array(e, Uint8Array.from([117, 1])); // array of one
  encoding.writeUint8(e, 126); // null
  const item = encoding.toUint8Array(e);
  return oneClient(12, 0, [(x) => encoding.writeUint8Array(x, item)]);
}

function awareness(states: { client: number; clock: number; json: string }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, states.length);
  for (const s of states) {
    encoding.writeVarUint(inner, s.client);
    encoding.writeVarUint(inner, s.clock);
    encoding.writeVarString(inner, s.json);
  }
  return encodeAwareness(encoding.toUint8Array(inner));
}

export const corpus: CorpusInput[] = [
  {
    name: "#498 zero-length update (sync step 2)",
    source:
      "yjs#498: Y.applyUpdate(doc, new Uint8Array()) looped forever in lib0 readVarUint (yjs 13.5.44 / lib0 0.2.52). Exact input. Now lib0 throws 'Unexpected end of array'.",
    message: syncMessage(1, []),
  },
  {
    name: "#498 zero-length update (update)",
    source: "yjs#498, same input as an update message.",
    message: update([]),
  },
  {
    name: "#479/#516 'garbagedoc' update",
    source:
      "yjs#479 (exact bytes: base64 'garbagedoc'): applyUpdate hung in readVarUint reading past the end (lib0#42). yjs#516 reported the same hang, but its bytes were only in a screenshot and cannot be recovered: these and every truncation of a valid update (yjsCorpus.test.ts) stand in for it.",
    message: update([0x81, 0xaa, 0xdb, 0x6a, 0x07, 0x9d, 0xa1]),
  },
  {
    name: "lib0#42 unterminated varint",
    source: "lib0 PR #43's example: readVarUint over [200, 200, 200, 200] never stopped. Exact bytes.",
    message: update([200, 200, 200, 200]),
  },
  {
    name: "#516-like: varint running off the end of a state vector",
    source: "The #516 class on sync step 1: a state vector whose last varint never terminates.",
    message: syncMessage(0, [1, 0x85, 0xff, 0xff]),
  },
  {
    name: "#522-like: 5,000 nested shared types",
    source:
      "yjs#522: cleanupTransactions overflowed the call stack (it recursed per queued transaction). The server runs no observers that queue transactions; the wire-reachable way to overflow the stack inside a transaction's cleanup is a deep chain of nested types: deleting or garbage-collecting it recurses per level, and at ~4,000 levels it throws after the update is stored and leaves _transactionCleanups non-empty, so the document never emits another update. Refused since by maxTypeDepth. Reconstructed, not the issue's bytes.",
    message: update(nestedArrays(5000)),
  },
  {
    name: "#522-like: JSON embed nested 5,000 deep",
    source:
      "Same failure through JSON.stringify: Y.decodeUpdate accepts the embed, but encoding the 'update' event in the cleanup overflows, wedging the document and every later encodeStateAsUpdate (sync step 1 of every peer). Reconstructed.",
    message: update(jsonItem(5, deepJson(5000))),
  },
  {
    name: "#522-like: format value nested 5,000 deep",
    source: "As above, format content.",
    message: update(jsonItem(6, deepJson(5000))),
  },
  {
    name: "#522-like: JSON content nested 5,000 deep",
    source: "As above, JSON content.",
    message: update(jsonItem(2, deepJson(5000))),
  },
  {
    name: "#652-like: Any value nested 10,000 deep",
    source: "yjs#652 (writeAny overflowed the stack on deep values); here lib0 readAny overflows on decoding.",
    message: update(deepAny(10_000)),
  },
  {
    name: "#713/#714-like: string longer than the update",
    source:
      "yjs#714 could not be recovered (neither its text nor a reference is in the stored corpora). Closest neighbours: yjs#713 'RangeError: Invalid typed array length' from readVarString with a declared length past the buffer, and yjs#687 (crafted counts/lengths make decoding loop or eat memory). This is #713's shape: a string item declaring 2^31 bytes.",
    message: update([1, 1, 13, 0, 4, 1, 1, 0x61, 0x80, 0x80, 0x80, 0x80, 0x08, 0x61, 0]),
  },
  {
    name: "#687 v1: 265,828 updates (yjs tests/limits.tests.js)",
    source:
      "yjs#687's fix added this v1 input to tests/limits.tests.js: mergeUpdates looped over a huge count. Exact bytes.",
    message: update([
      228, 156, 16, 0, 5, 255, 255, 5, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 237, 0, 0, 0, 1, 1, 0, 254, 184, 194, 233, 173,
      135, 217, 18, 0, 0, 1, 1, 255, 237, 246,
    ]),
  },
  {
    name: "#687 v2: 4,398,046,511,101 structs, sent as v1",
    source: "yjs tests/limits.tests.js (v2 encoding; the server speaks v1, so this is garbage to it). Exact bytes.",
    message: update([0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 2, 0, 0, 22, 2, 0, 0, 1, 253, 255, 255, 255, 255, 127, 0, 0]),
  },
  {
    name: "#687 v2: GC item of length 553,253, sent as v1",
    source: "yjs tests/limits.tests.js. Exact bytes.",
    message: update([
      143, 1, 128, 0, 0, 0, 1, 170, 1, 0, 1, 2, 0, 0, 22, 2, 0, 229, 196, 67, 20, 231, 166, 139, 147, 174, 181, 253, 93,
      232, 38, 154, 138, 89, 0, 49, 213, 15, 18, 1, 48, 0, 0, 0,
    ]),
  },
  {
    name: "#687-like: 17 subdocuments",
    source:
      "yjs#687's memory class in v1: Y.decodeUpdate builds a Y.Doc per subdocument, ~2.4 KB of heap for 6 bytes (measured: a 3 MB frame took 3.5 s and 1.2 GB). Refused beyond maxSubdocs (16).",
    message: update(subdocs(17)),
  },
  {
    name: "#687-like: 100,000 subdocuments (600 KB)",
    source: "As above at size: must be refused in milliseconds, not after 0.7 s and 235 MB.",
    message: update(subdocs(100_000)),
  },
  {
    name: "clock beyond 2^53",
    source: "lib0 lets the last byte of a varint exceed 2^53; Yjs clocks are doubles and lose precision there.",
    message: update([1, 1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 1, 0]), // clock 2^56 - 1
  },
  {
    name: "found by frame-fuzz: empty deleted item (wedges the document)",
    source:
      "Seeded fuzz of update structure: a 10-byte update with a zero-length ContentDeleted. Y.decodeUpdate accepts it; applyUpdate throws 'Unexpected case' after it was stored and leaves the Y.Doc wedged (no later update is emitted, so nothing is relayed) on every reload.",
    message: update([1, 1, 2, 0, 1, 1, 1, 0x74, 0, 0]),
  },
  {
    name: "found by frame-fuzz: empty deleted range",
    source: "Zero-length delete range: accepted by decodeUpdate, applyUpdate throws (the V2 encoder refuses it).",
    message: update([0, 1, 1, 1, 8, 0]),
  },
  {
    name: "found by frame-fuzz: forward reference within a client",
    source:
      "An item whose origin is a later clock of its own client: Yjs' missing-dependency check skips it and integrate throws.",
    message: update([1, 1, 1, 0, 0x84, 1, 5, 1, 0x61, 0]),
  },
  {
    name: "huge declared payload length",
    source: "A sync payload declaring 2^35 bytes: must be refused by length, not by reading beyond the frame.",
    message: Uint8Array.from([0, 2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 1, 2, 3]),
  },
  {
    name: "awareness state nested 10,000 deep",
    source:
      "JSON.parse accepts it; re-encoding it for the relay or a newcomer's greeting (JSON.stringify) overflows the stack: before the guard that was an internal error (4500) and the state lingered.",
    message: awareness([{ client: 77, clock: 1, json: `{"user":${deepJson(10_000)}}` }]),
  },
];

/** Every proper prefix of a valid update: each one ends inside a varint, a string or the delete set. */
export function truncations(): CorpusInput[] {
  const valid = validUpdate();
  return Array.from({ length: valid.length }, (_, n) => ({
    name: `valid update truncated to ${n} of ${valid.length} bytes`,
    source: "yjs#516 class (reading past the end used to hang lib0); also yjs#498 at 0 bytes.",
    message: update(valid.subarray(0, n)),
  }));
}
