/**
 * Gives the memory of released documents back to the operating system. V8 collects its old
 * generation only when the heap grows; an idle server never allocates, so rooms that cooled down
 * or unloaded (their Y.Docs, and the ArrayBuffers of their encoded states, which live outside
 * the heap but are freed only with their objects) would stay in RSS until the next busy spell.
 * When Node runs with `--expose-gc`, a full collection runs:
 * - soon after much was released (≥ `bigBytes` of encoded state, i.e. roughly ten times that in
 *   decoded documents): `quietMs` after releases stop, at the latest `maxDelayMs` after the first;
 * - after small releases only once they stop for `idleMs`, so that a busy server whose small
 *   documents keep cooling down is not paused by full collections; V8's own GC handles those.
 * Without the flag this does nothing and memory returns at V8's next major GC.
 */
export interface ReclaimerOptions {
  /** The collector; default `globalThis.gc` (present only with `--expose-gc`). */
  gc?: (() => void) | undefined;
  /** Encoded bytes released that make a collection worth it soon (default 4 MB). */
  bigBytes?: number;
  /** Collect this long after the last big release (default 200 ms)… */
  quietMs?: number;
  /** …but no later than this after the first uncollected one (default 1 s). */
  maxDelayMs?: number;
  /** Small releases: collect once none came for this long (default 5 s). */
  idleMs?: number;
  /** Each collection and how long it paused the process (seconds). */
  onCollected?: (seconds: number) => void;
}

export class Reclaimer {
  private readonly gc: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private firstPending = 0;
  private pendingBytes = 0;

  constructor(private readonly options: ReclaimerOptions = {}) {
    this.gc = "gc" in options ? options.gc : (globalThis as { gc?: () => void }).gc;
  }

  get enabled(): boolean {
    return this.gc !== undefined;
  }

  /** A document's memory became garbage; `encodedBytes` is the size of its encoded state. */
  released(encodedBytes: number): void {
    if (!this.gc) return;
    const now = performance.now();
    if (this.timer === undefined) {
      this.firstPending = now;
      this.pendingBytes = 0;
    }
    this.pendingBytes += encodedBytes;
    clearTimeout(this.timer);
    const delay =
      this.pendingBytes >= (this.options.bigBytes ?? 4 * 2 ** 20)
        ? Math.min(this.options.quietMs ?? 200, this.firstPending + (this.options.maxDelayMs ?? 1000) - now)
        : (this.options.idleMs ?? 5000);
    this.timer = setTimeout(() => this.collect(), Math.max(0, delay));
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private collect(): void {
    this.timer = undefined;
    const started = performance.now();
    this.gc?.();
    this.options.onCollected?.((performance.now() - started) / 1000);
  }
}
