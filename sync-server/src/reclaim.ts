import { Session } from "node:inspector";

/**
 * Gives the memory of released documents back to the operating system. V8 collects its old
 * generation only when the heap grows; an idle server never allocates, so rooms that cooled down
 * or unloaded (their Y.Docs, and the ArrayBuffers of their encoded states, which live outside
 * the heap but are freed only with their objects) would stay in RSS until the next busy spell.
 * So a full, memory-reducing collection (the DevTools protocol's `HeapProfiler.collectGarbage`,
 * through an in-process `node:inspector` session: no flag, no port) runs:
 * - soon after much was released (≥ `bigBytes` of encoded state, i.e. roughly ten times that in
 *   decoded documents): `quietMs` after releases stop, at the latest `maxDelayMs` after the first;
 * - after small releases only once they stop for `idleMs`, so that a busy server whose small
 *   documents keep cooling down is not paused by full collections; V8's own GC handles those.
 * Freed native memory only leaves RSS if the allocator returns it: with glibc, run the server
 * with `MALLOC_MMAP_THRESHOLD_=131072` (see CONTEXT.md) so that large buffers are mmapped.
 */
export interface ReclaimerOptions {
  /** The collector (undefined: never collect); default `inspectorCollector()`. */
  gc?: (() => void | Promise<void>) | undefined;
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
  private readonly gc: (() => void | Promise<void>) | undefined;
  private collecting = false;
  private timer: NodeJS.Timeout | undefined;
  private firstPending = 0;
  private pendingBytes = 0;

  constructor(private readonly options: ReclaimerOptions = {}) {
    this.gc = "gc" in options ? options.gc : inspectorCollector();
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
    if (this.collecting) return;
    this.collecting = true;
    const started = performance.now();
    const finished = () => {
      this.collecting = false;
      this.options.onCollected?.((performance.now() - started) / 1000);
    };
    Promise.resolve()
      .then(() => this.gc?.())
      .then(finished, finished);
  }
}

/** A full garbage collection as DevTools' "collect garbage" button does it (all available garbage, memory-reducing). */
export function inspectorCollector(): () => Promise<void> {
  let session: Session | undefined;
  return () =>
    new Promise<void>((resolve) => {
      if (!session) {
        session = new Session();
        session.connect();
      }
      session.post("HeapProfiler.collectGarbage", () => resolve());
    });
}
