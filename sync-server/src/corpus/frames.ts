import { encodeAwarenessStates, encodeQueryAwareness, wrapForDoc } from "@crm/protocol";
import { seededRandom } from "@crm/schema";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { corpus, syncMessage, truncations } from "./yjsInputs.js";

/*
 * Seeded frame generators for frameFuzz.test.ts: random bytes, real messages from live Y.Docs
 * (which must always be accepted), mutations of those and of the Yjs corpus, valid prefixes plus
 * garbage, huge declared lengths, structure-aware random updates (small client ids and clocks, so
 * that items really refer to each other and Yjs' integration gets exercised) and random
 * document names on the mux endpoint. Same seed, same frames.
 */

/**
 * Valid document names; a new set every 10,000 frames so that documents (and thus the cost of
 * answering a sync step 1 or loading a room) stay small and the run time linear.
 */
export function validDocs(epoch: number): string[] {
  // Canonical names of documents that can exist (parseDocName is strict): orders have 128 shards,
  // activities 64, so the epochs of a long run get fresh documents for a while, then wrap.
  const shard = (n: number, shards: number) => String(n % shards).padStart(2, "0");
  return [
    `default/records/orders/${shard(2 * epoch, 128)}`,
    `default/records/orders/${shard(2 * epoch + 1, 128)}`,
    `default/records/activities/${shard(epoch, 64)}`,
    `default/notes/account/a${epoch}`,
  ];
}

export interface FuzzFrame {
  kind: string;
  endpoint: "doc" | "mux";
  /** `?ext=1` on the per-document endpoint (the mux endpoint always has extensions). */
  ext: boolean;
  /** The per-document endpoint's document, or the name the mux frame carries (maybe invalid). */
  docName: string;
  data: Uint8Array | string;
  /** Produced by Yjs itself: the server must accept it. */
  legit: boolean;
}

export class FrameGenerator {
  readonly rand: () => number;
  private docs: Y.Doc[] = [];
  private generation = 0;
  private edits = 0;
  private readonly updates: Uint8Array[] = [];
  private readonly awareness: awarenessProtocol.Awareness;
  private readonly seeds: Uint8Array[];

  constructor(seed: number) {
    this.rand = seededRandom(seed);
    this.newEditors();
    const presence = new Y.Doc();
    presence.clientID = 999; // Y.Doc picks a random id; the frames must not depend on it
    this.awareness = new awarenessProtocol.Awareness(presence);
    // Small seeds only: the corpus' large inputs are replayed whole by yjsCorpus.test.ts.
    this.seeds = [...corpus, ...truncations()].map((c) => c.message).filter((m) => m.length <= 4096);
  }

  /**
   * Real editors; client ids far from the structure fuzz's 1–3 so that their updates never
   * collide with random structs of the same client in a server document. Replaced every 200
   * edits so that their messages stay small (a full state is sent now and then).
   */
  private newEditors(): void {
    this.updates.length = 0;
    this.docs = [1, 2, 3].map((i) => {
      const doc = new Y.Doc();
      doc.clientID = 1000 + 3 * this.generation + i;
      doc.on("update", (u: Uint8Array) => this.updates.push(u));
      return doc;
    });
    this.generation++;
  }

  /** Stops the awareness' timer (it would keep a process alive). */
  destroy(): void {
    this.awareness.destroy();
  }

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(256));
  }

  private frames = 0;

  next(): FuzzFrame {
    const docs = validDocs(Math.floor(this.frames++ / 10_000));
    const r = this.rand();
    const [kind, message, legit]: [string, Uint8Array | string, boolean] =
      r < 0.12
        ? ["random bytes", this.bytes(this.rand() < 0.95 ? this.int(24) : this.int(4096)), false]
        : r < 0.22
          ? ["legit", this.legit(), true]
          : r < 0.45
            ? ["mutated legit", this.mutate(this.legit()), false]
            : r < 0.52
              ? ["mutated corpus", this.mutate(this.pick(this.seeds)), false]
              : r < 0.6
                ? ["prefix + garbage", this.prefixGarbage(), false]
                : r < 0.64
                  ? ["huge length", this.hugeLength(), false]
                  : r < 0.86
                    ? ["structured update", syncMessage(this.pick([1, 2]), this.structuredUpdate()), false]
                    : r < 0.97
                      ? ["mutated structured", this.mutate(syncMessage(2, this.structuredUpdate())), false]
                      : ["text frame", String.fromCharCode(...this.bytes(this.int(8))), false];
    if (this.rand() < 0.5) {
      return { kind, endpoint: "doc", ext: this.rand() < 0.7, docName: this.pick(docs), data: message, legit };
    }
    const docName = this.docName(docs);
    const data = typeof message === "string" ? message : this.muxWrap(docName, message, !legit);
    return { kind, endpoint: "mux", ext: true, docName, data, legit: legit && docs.includes(docName) };
  }

  /** A message produced by Yjs / y-protocols from a random edit. */
  legit(): Uint8Array {
    if (++this.edits % 200 === 0) this.newEditors();
    const doc = this.pick(this.docs);
    const r = this.rand();
    if (r < 0.1) return syncMessage(0, Y.encodeStateVector(doc));
    if (r < 0.2) return syncMessage(1, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(this.pick(this.docs))));
    if (r < 0.3) {
      this.awareness.setLocalState({ user: { name: "fuzz", color: "#123" }, cursor: { anchor: this.int(100) } });
      return encodeAwarenessStates(this.awareness, [this.awareness.clientID]);
    }
    if (r < 0.33) return encodeQueryAwareness();
    const before = this.updates.length;
    doc.transact(() => this.edit(doc));
    const fresh = this.updates.slice(before);
    return syncMessage(2, fresh.length === 0 ? Y.encodeStateAsUpdate(doc) : Y.mergeUpdates(fresh));
  }

  private edit(doc: Y.Doc): void {
    const records = doc.getMap<unknown>("records");
    const text = doc.getText("t");
    const frag = doc.getXmlFragment("notes");
    switch (this.int(8)) {
      case 0:
        records.set(`r${this.int(30)}`, { name: "x".repeat(this.int(6)), n: this.int(100), tags: [1, { a: [2] }] });
        return;
      case 1: {
        const m = new Y.Map<unknown>();
        m.set("k", this.int(9));
        records.set(`m${this.int(10)}`, m);
        return;
      }
      case 2:
        if (records.size > 0) records.delete(this.pick([...records.keys()]));
        return;
      case 3:
        text.insert(
          this.int(text.length + 1),
          this.pick(["a", "héllo ", "😀"]),
          this.rand() < 0.3 ? { bold: true } : {},
        );
        return;
      case 4:
        if (text.length > 1) text.delete(this.int(text.length - 1), 1);
        return;
      case 5:
        if (text.length > 0) text.format(0, 1 + this.int(text.length), { italic: this.rand() < 0.5 ? true : null });
        return;
      case 6: {
        const p = new Y.XmlElement("paragraph");
        p.insert(0, [new Y.XmlText("note")]);
        frag.insert(this.int(frag.length + 1), [p]);
        return;
      }
      default:
        text.insertEmbed(this.int(text.length + 1), { image: "x.png" });
    }
  }

  /** One to three of: bit flip, byte overwrite, truncation, insertion, deletion, varint inflation, splice. */
  mutate(message: Uint8Array): Uint8Array {
    let m = Array.from(message);
    for (let n = 1 + this.int(3); n > 0; n--) {
      const at = this.int(m.length + 1);
      switch (this.int(7)) {
        case 0:
          if (at < m.length) m[at]! ^= 1 << this.int(8);
          break;
        case 1:
          if (at < m.length) m[at] = this.int(256);
          break;
        case 2:
          m = m.slice(0, at);
          break;
        case 3:
          m.splice(at, 0, ...this.bytes(1 + this.int(8)));
          break;
        case 4:
          m.splice(at, 1 + this.int(4));
          break;
        case 5: // varint inflation: continuation bytes, or a huge value
          m.splice(at, 0, ...(this.rand() < 0.5 ? [0x80, 0x80] : [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]));
          break;
        default: {
          const other = this.pick(this.seeds);
          const from = this.int(other.length);
          m.splice(at, this.int(4), ...other.subarray(from, from + 1 + this.int(64)));
        }
      }
    }
    return Uint8Array.from(m);
  }

  private prefixGarbage(): Uint8Array {
    const base = this.rand() < 0.5 ? this.legit() : this.pick(this.seeds);
    return Uint8Array.from([...base.subarray(0, this.int(base.length + 1)), ...this.bytes(1 + this.int(16))]);
  }

  private hugeLength(): Uint8Array {
    const big = this.pick([
      [0xff, 0xff, 0xff, 0xff, 0x0f],
      [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
      [0x81, 0x80, 0x04],
    ]);
    const head = this.pick([[0, 0], [0, 1], [0, 2], [1], [0, 2, 1, 1, 5, 0, 4, 1, 1, 0x61]]);
    return Uint8Array.from([...head, ...big, ...this.bytes(this.int(8))]);
  }

  private docName(docs: string[]): string {
    const r = this.rand();
    if (r < 0.7) return this.pick(docs);
    if (r < 0.8) return `default/records/fuzz/${this.int(100_000)}`;
    if (r < 0.9) return String.fromCharCode(...this.bytes(this.int(12)));
    return this.pick([
      "",
      "a/b/c/d",
      "default/records/x/1",
      "x".repeat(201),
      "default/notes/a/../b",
      "ö/ö/ö/ö",
      // Aliases of real documents and shards that do not exist: refused, never a second document.
      "default/records/orders/7",
      "default/records/orders/0007",
      "default/records/orders/128",
      "default/records/accounts/32",
      "default/notes/account/Upper",
    ]);
  }

  private muxWrap(docName: string, message: Uint8Array, corrupt: boolean): Uint8Array {
    const frame = wrapForDoc(docName, message);
    const r = corrupt ? this.rand() : 1;
    if (r < 0.03) return frame.subarray(0, this.int(frame.length)); // cut inside the name
    if (r < 0.05) return Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, ...frame]); // huge name length
    return frame;
  }

  /** A v1 update of valid shape with random fields: clients 1–3, clocks < 8, every content kind. */
  structuredUpdate(): Uint8Array {
    const e = encoding.createEncoder();
    const u = (n: number) => encoding.writeVarUint(e, n);
    const s = (x: string) => encoding.writeVarString(e, x);
    const id = () => {
      u(1 + this.int(3));
      u(this.int(8));
    };
    const clients = this.int(3);
    u(clients);
    const order = [1, 2, 3].sort(() => this.rand() - 0.5);
    for (let c = 0; c < clients; c++) {
      const structs = 1 + this.int(5);
      u(structs);
      u(order[c]!);
      u(this.int(3));
      for (let i = 0; i < structs; i++) {
        const ref = this.pick([0, 10, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9]);
        const hi = ref === 0 || ref === 10 ? 0 : this.pick([0, 0, 0x80, 0x40, 0xc0, 0x20]);
        encoding.writeUint8(e, ref | hi);
        if (ref === 0 || ref === 10) {
          u(this.int(4));
          continue;
        }
        if (hi & 0x80) id();
        if (hi & 0x40) id();
        if ((hi & 0xc0) === 0) {
          if (this.rand() < 0.5) {
            u(1);
            s(this.pick(["records", "notes", "t"]));
          } else {
            u(0);
            id();
          }
          if (hi & 0x20) s(this.pick(["a", "b"]));
        }
        if (ref === 1) u(this.int(4));
        else if (ref === 2) {
          const k = this.int(3);
          u(k);
          for (let j = 0; j < k; j++) s(this.pick(["1", '"x"', "undefined", "[1]", "{}"]));
        } else if (ref === 3) encoding.writeVarUint8Array(e, this.bytes(this.int(3)));
        else if (ref === 4) s(this.pick(["", "a", "ab", "😀", "xyz"]));
        else if (ref === 5) s(this.pick(["{}", "1", "[2]"]));
        else if (ref === 6) {
          s(this.pick(["bold", "i"]));
          s(this.pick(["true", "null", '{"a":1}']));
        } else if (ref === 7) {
          const t = this.int(8);
          u(t);
          if (t === 3 || t === 5) s("p");
        } else if (ref === 8) {
          const k = this.int(3);
          u(k);
          for (let j = 0; j < k; j++) this.any(e, 0);
        } else {
          s(this.pick(["", "g"]));
          this.any(e, 0);
        }
      }
    }
    const ds = this.int(3);
    u(ds);
    for (let c = 0; c < ds; c++) {
      u(1 + this.int(3));
      const ranges = this.int(3);
      u(ranges);
      for (let j = 0; j < ranges; j++) {
        u(this.int(10));
        u(this.int(4));
      }
    }
    return encoding.toUint8Array(e);
  }

  private any(e: encoding.Encoder, depth: number): void {
    const t = this.pick([127, 126, 125, 124, 123, 122, 121, 120, 119, 118, 117, 116]);
    encoding.writeUint8(e, t);
    if (t === 125) encoding.writeVarInt(e, this.int(1000) - 500);
    else if (t === 124) encoding.writeFloat32(e, this.rand());
    else if (t === 123) encoding.writeFloat64(e, this.rand());
    else if (t === 122) encoding.writeBigInt64(e, BigInt(this.int(1000)));
    else if (t === 119) encoding.writeVarString(e, this.pick(["", "a", "héllo"]));
    else if (t === 116) encoding.writeVarUint8Array(e, this.bytes(this.int(4)));
    else if (t === 118 || t === 117) {
      const n = depth > 3 ? 0 : this.int(3);
      encoding.writeVarUint(e, n);
      for (let i = 0; i < n; i++) {
        if (t === 118) encoding.writeVarString(e, this.pick(["k", "x"]));
        this.any(e, depth + 1);
      }
    }
  }
}
