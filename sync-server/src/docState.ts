import { MemoryIndex, planColdApply } from "@crm/peer/cold";
import { decodeMessage, encodeSyncStep1, encodeSyncStep2 } from "@crm/protocol";
import { recordsOf, touchedRecordIds } from "@crm/schema";
import * as Y from "yjs";

/**
 * The item indexes of record shards (see `applyCold`) cost ~200 bytes a row, ~7× a shard's
 * encoded size (about half of a decoded one): those of all loaded rooms together keep at most
 * this many rows (~500 MB), the least recently used dropped first (its room decodes on its next
 * update and builds it again — a budget smaller than the shards being written makes every update
 * a decode: the rules benchmark writes ~1.9 M rows' worth).
 */
let INDEX_MAX_ROWS = Number(process.env.ROOM_INDEX_MAX_ROWS ?? 2_500_000);

/** For tests: the budget of index rows (returns the previous one). */
export function setIndexBudget(rows: number): number {
  const previous = INDEX_MAX_ROWS;
  INDEX_MAX_ROWS = rows;
  return previous;
}
const indexed = new Map<DocState, number>();
let indexedRows = 0;

function indexUsed(state: DocState, rows: number): void {
  indexedRows -= indexed.get(state) ?? 0;
  indexed.delete(state);
  if (rows <= 0) return;
  indexed.set(state, rows);
  indexedRows += rows;
  for (const [other, n] of indexed) {
    if (indexedRows <= INDEX_MAX_ROWS || other === state) break;
    indexed.delete(other);
    indexedRows -= n;
    other.dropIndex();
  }
}

/** Encoded state of an empty document (what `Y.encodeStateAsUpdate(new Y.Doc())` gives). */
const EMPTY_STATE = Y.encodeStateAsUpdate(new Y.Doc());

export interface DocStateOptions {
  /** Stay decoded this long after the last update (or decode), then keep only the encoded state. */
  hotMs: number;
  /** Receives every update the decoded document emits (the relay), with its origin. */
  onUpdate: (update: Uint8Array, origin: unknown) => void;
  /** The decoded document was dropped (its encoded size given): its memory is garbage now. */
  onCooled?: (encodedBytes: number) => void;
  /**
   * A cold state failed to decode (a stored row Yjs rejects): the document keeps what applied,
   * and the room must never compact it (that would drop the row).
   */
  onBrokenState?: (error: unknown) => void;
  /**
   * A record shard (schema/src/docs.ts): keep an index of its structs once it was decoded, and
   * take updates that only continue them without decoding it again (`applyCold`).
   */
  records?: boolean;
}

/**
 * The content of one loaded document (what is stored, plus the updates the room is committing:
 * see room.ts for what may leave it when), held in one of two forms:
 *
 * - cold: only the encoded state (one merged Yjs update) inside a ready-made sync-step-2 message.
 *   About 1× the encoded size in memory; a fresh client's reply is that message as is, any other
 *   reply a `Y.diffUpdate` of it. A decoded Y.Doc costs 10–17× its encoded size (Y.Map records),
 *   which is why an idle document is kept this way.
 * - hot: a Y.Doc, because an incoming update must be applied to the document to be checked (an
 *   update valid on its own can still contradict the document) and to relay what it changed.
 *   It cools down `hotMs` after its last update.
 *
 * The step-1 message (state vector) and the full step-2 reply are cached until the next update,
 * so that a storm of joins, or fresh clients on a large document, cost no encoding.
 */
export class DocState {
  private doc: Y.Doc | undefined;
  /** Cold: the sync-step-2 message carrying the whole state; `state` is a view into it. */
  private fullReply: Uint8Array | undefined;
  private state: Uint8Array | undefined;
  private step1: Uint8Array | undefined;
  private touched = 0;
  /** Cold: updates taken without decoding, after `state` (merged into it when the state is read). */
  private tail: Uint8Array[] = [];
  /** Cold: the state vector of `state` + `tail`, once known. */
  private vector: Map<number, number> | undefined;
  private readonly index: MemoryIndex | undefined;
  /** Updates taken cold (tests, metrics). */
  coldApplies = 0;
  /** Encoded size of the state when last known exactly, plus the updates applied since. */
  private approximateBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private destroyed = false;

  private constructor(private readonly options: DocStateOptions) {
    this.index = options.records ? new MemoryIndex(false) : undefined;
  }

  /** A cold state from trusted encoded bytes (a compacted row, or an empty document). */
  static cold(state: Uint8Array | undefined, options: DocStateOptions): DocState {
    const s = new DocState(options);
    s.setCold(state ?? EMPTY_STATE);
    return s;
  }

  /** A hot state from an already decoded document (it takes ownership of `doc`). */
  static hot(doc: Y.Doc, options: DocStateOptions): DocState {
    const s = new DocState(options);
    s.adopt(doc);
    return s;
  }

  get isHot(): boolean {
    return this.doc !== undefined;
  }

  /** About how many bytes the encoded state has (exact when cold). */
  get encodedBytes(): number {
    return this.approximateBytes;
  }

  /** The decoded document, decoding it if it is cold (it then stays hot for `hotMs`). */
  get ydoc(): Y.Doc {
    if (this.destroyed) throw new Error("document state is destroyed");
    if (!this.doc) {
      const doc = new Y.Doc();
      // Defined before the update: a root first seen inside one is a placeholder that a later
      // read replaces, and the index would not know what a transaction changed in it.
      if (this.index) recordsOf(doc);
      try {
        Y.applyUpdate(doc, this.state!, "storage");
        for (const u of this.tail) Y.applyUpdate(doc, u, "storage");
      } catch (err) {
        // The cached replies carry the bytes that failed: answer from the decoded document instead.
        this.fullReply = this.step1 = undefined;
        this.options.onBrokenState?.(err);
      }
      this.adopt(doc);
    }
    this.touch();
    return this.doc!;
  }

  /**
   * Takes an update without decoding a cold record shard, when its index shows that the update
   * only continues the document — a record created, fields set over their current values, a
   * history entry appended, as `writeRecord` makes them (@crm/peer's coldApply.ts: exact, or it
   * declines). Yjs would integrate such an update whole, so it is stored and relayed as it came.
   * false: decline, `apply` it.
   */
  applyCold(update: Uint8Array): boolean {
    if (this.doc || this.destroyed || !this.index?.isIndexed()) return false;
    this.vector ??= Y.decodeStateVector(Y.encodeStateVectorFromUpdate(this.state!));
    const plan = planColdApply("", update, this.vector, this.index, { records: false });
    if (!plan) return false;
    for (const row of plan.rows) this.index.put(row);
    indexUsed(this, this.index.size);
    this.tail.push(update);
    this.vector = plan.sv;
    this.step1 = undefined;
    this.fullReply = undefined;
    this.approximateBytes += update.byteLength;
    this.coldApplies++;
    return true;
  }

  /**
   * Applies one update (decoding the document first if cold). Yjs errors propagate; the document
   * may then be half-changed, and the room replaces this state.
   */
  apply(update: Uint8Array, origin: unknown): void {
    const doc = this.ydoc;
    this.step1 = undefined;
    this.fullReply = undefined;
    this.approximateBytes += update.byteLength;
    Y.applyUpdate(doc, update, origin);
  }

  /** The server's sync step 1 (our state vector). */
  syncStep1(): Uint8Array {
    this.step1 ??= encodeSyncStep1(
      this.doc
        ? Y.encodeStateVector(this.doc)
        : this.vector
          ? Y.encodeStateVector(this.vector)
          : Y.encodeStateVectorFromUpdate(this.state!),
    );
    return this.step1;
  }

  /** Sync step 2 answering a client's state vector: only what it misses. */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    // An empty state vector (a fresh client) asks for everything: the cached full reply.
    if (stateVector.length === 1 && stateVector[0] === 0) return this.fullStep2();
    this.settle();
    return encodeSyncStep2(
      this.doc ? Y.encodeStateAsUpdate(this.doc, stateVector) : Y.diffUpdate(this.state!, stateVector),
    );
  }

  /** The whole state as one update (for compaction). */
  encoded(): Uint8Array {
    this.settle();
    return this.doc ? Y.encodeStateAsUpdate(this.doc) : this.state!;
  }

  /** Drops the decoded document now, keeping the encoded state. */
  cool(): void {
    if (!this.doc || this.destroyed) return;
    const doc = this.doc;
    const reply = this.fullStep2();
    const vector = Y.decodeStateVector(Y.encodeStateVector(doc));
    this.doc = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.step1 = undefined;
    this.setCold(undefined, reply);
    this.vector = vector;
    doc.destroy();
    this.options.onCooled?.(this.approximateBytes);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    clearTimeout(this.timer);
    this.doc?.destroy();
    this.doc = undefined;
    this.state = this.fullReply = this.step1 = undefined;
    this.tail = [];
    this.dropIndex();
  }

  private fullStep2(): Uint8Array {
    this.settle();
    this.fullReply ??= encodeSyncStep2(this.doc ? Y.encodeStateAsUpdate(this.doc) : this.state!);
    return this.fullReply;
  }

  /** Cold from a state, or from a full step-2 reply (whose payload is then the state, no copy). */
  private setCold(state: Uint8Array | undefined, reply?: Uint8Array): void {
    this.fullReply = reply ?? encodeSyncStep2(state!);
    // The state is kept as a view of the reply (which ends with it): one buffer, not two.
    const message = decodeMessage(this.fullReply);
    if (message.type !== "sync") throw new Error("a sync step 2 was expected");
    this.state = message.payload;
    this.approximateBytes = message.payload.byteLength;
  }

  /** Forgets the record shard's index (memory budget, destroy): built again at the next decode. */
  dropIndex(): void {
    if (!this.index) return;
    this.index.clear();
    indexUsed(this, 0);
  }

  /** Cold with a tail: the tail merged into the state (someone reads the whole state). */
  private settle(): void {
    if (this.doc || !this.tail.length) return;
    const merged = Y.mergeUpdates([this.state!, ...this.tail]);
    this.tail = [];
    this.setCold(merged);
  }

  private adopt(doc: Y.Doc): void {
    this.doc = doc;
    this.state = undefined;
    this.tail = [];
    this.vector = undefined;
    if (this.index) {
      const index = this.index;
      if (!index.isIndexed()) index.build(doc);
      indexUsed(this, index.size);
      doc.on("afterTransaction", (tr: Y.Transaction) => {
        if (!tr.changed.size || !index.isIndexed()) return;
        index.refresh(doc, tr, touchedRecordIds(tr, doc));
        indexUsed(this, index.size);
      });
    }
    // Registered after the stored state was applied, so that loading relays nothing.
    doc.on("update", (update: Uint8Array, origin: unknown) => this.options.onUpdate(update, origin));
    this.touch();
  }

  private touch(): void {
    this.touched = performance.now();
    if (this.timer || this.options.hotMs === Number.POSITIVE_INFINITY) return;
    this.arm(this.options.hotMs);
  }

  /** One timer per hot period, re-armed for the remainder instead of on every update. */
  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const left = this.touched + this.options.hotMs - performance.now();
      if (left > 1) this.arm(left);
      else this.cool();
    }, ms);
    this.timer.unref();
  }
}

/**
 * Several stored rows as one decoded document (their merge checks that they apply together).
 * One bad row must not make the document unusable: then each row is applied alone, those that
 * throw are skipped (reported to `log`), and `merged` is undefined.
 */
export function decodeRows(
  updates: Uint8Array[],
  log: (message: string, error: unknown) => void,
): { doc: Y.Doc; merged: Uint8Array | undefined } {
  const doc = new Y.Doc();
  try {
    const merged = Y.mergeUpdates(updates);
    Y.applyUpdate(doc, merged, "storage");
    return { doc, merged };
  } catch (err) {
    log("stored updates failed to merge; applying one by one", err);
  }
  for (const u of updates) {
    try {
      Y.applyUpdate(doc, u, "storage");
    } catch (err) {
      log("skipped a stored update that does not apply", err);
    }
  }
  return { doc, merged: undefined };
}
