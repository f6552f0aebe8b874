import { randomUUID } from "node:crypto";
import type { Logger } from "../logger.js";
import { backoff, type Job, type JobStore } from "./types.js";

/*
 * Runs due jobs: claims one (with a lease), runs its kind's handler, marks it done — or gives it
 * back with a jittered exponential backoff, dead after its attempts. A long job keeps its lease
 * alive. Jobs of kinds without a handler here stay queued (another process, or a later version,
 * may run them).
 */

export interface JobHandlerOptions {
  /** Delay before the next attempt; default `backoff(attempt)` (2 s, 4 s, … ≤ 1 h, jittered). */
  retryDelay?(attempt: number): number;
}

export type JobHandler<C> = (job: Job, ctx: C) => Promise<unknown>;

export interface JobRunnerOptions<C> {
  store: JobStore;
  /** Builds what a handler gets besides the job (the peer's write calls). */
  context(job: Job): C;
  logger: Logger;
  /** Jobs run at once; default 16 (a job mostly waits: for the server to store its writes, for a receiver). */
  concurrency?: number;
  /** Default 60 s; renewed every third of it while the job runs. */
  leaseMs?: number;
  /** Longest sleep between looks at the queue (other processes may enqueue); default 1 s. */
  pollMs?: number;
}

export class JobRunner<C> {
  readonly owner = `peer-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly handlers = new Map<string, { run: JobHandler<C>; options: JobHandlerOptions }>();
  private running = new Set<Promise<void>>();
  private started = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private claiming = false;
  /** A wake that came while a fill was under way: that fill looks again before it ends. */
  private wokenWhileClaiming = false;

  constructor(private readonly o: JobRunnerOptions<C>) {}

  /** The handler of a kind (one per kind). */
  register(kind: string, run: JobHandler<C>, options: JobHandlerOptions = {}): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for jobs of kind ${kind} is already registered`);
    this.handlers.set(kind, { run, options });
    this.wake();
  }

  get kinds(): string[] {
    return [...this.handlers.keys()];
  }

  start(): void {
    this.started = true;
    this.wake();
  }

  /** Stops claiming; waits (at most `ms`) for running jobs to finish. Unfinished ones keep their lease until it runs out. */
  async stop(ms = 5000): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const all = Promise.all(this.running);
    await Promise.race([all, new Promise((r) => setTimeout(r, ms).unref?.())]);
  }

  /** Looks at the queue now (something was enqueued). */
  wake(): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.fill();
  }

  private async fill(): Promise<void> {
    if (!this.started) return;
    if (this.claiming) {
      // Not dropped: the fill under way may already have decided when to look next, and the
      // wake that called this just cleared that timer (a lost wake-up stalled due jobs forever).
      this.wokenWhileClaiming = true;
      return;
    }
    this.claiming = true;
    this.wokenWhileClaiming = false;
    try {
      const concurrency = this.o.concurrency ?? 16;
      while (this.started && this.running.size < concurrency) {
        const job = await this.o.store.claim(this.owner, this.kinds, this.o.leaseMs ?? 60_000);
        if (!job) break;
        const p = this.run(job).finally(() => {
          this.running.delete(p);
          this.wake();
        });
        this.running.add(p);
      }
      if (this.started && this.running.size < concurrency) await this.sleepUntilDue();
    } catch (err) {
      this.o.logger.error("job queue unavailable", { error: String(err) });
      this.sleep(5000);
    } finally {
      this.claiming = false;
      if (this.wokenWhileClaiming && this.started) {
        this.wokenWhileClaiming = false;
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        void this.fill();
      }
    }
  }

  private async sleepUntilDue(): Promise<void> {
    const next = await this.o.store.nextRunAt(this.kinds);
    const pollMs = this.o.pollMs ?? 1000;
    this.sleep(next === null ? pollMs : Math.max(5, Math.min(pollMs, next - Date.now())));
  }

  private sleep(ms: number): void {
    if (this.timer || !this.started) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.fill();
    }, ms);
    this.timer.unref?.();
  }

  private async run(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind);
    if (!handler) return;
    const leaseMs = this.o.leaseMs ?? 60_000;
    const keep = setInterval(() => {
      void this.o.store.extend(job.id, this.owner, Date.now() + leaseMs).catch(() => {});
    }, leaseMs / 3);
    keep.unref?.();
    try {
      const result = await handler.run(job, this.o.context(job));
      if (!(await this.o.store.complete(job.id, this.owner, result)))
        this.o.logger.warn("job finished after its lease was lost", { job: job.id, kind: job.kind });
    } catch (err) {
      const delay = handler.options.retryDelay?.(job.attempts) ?? backoff(job.attempts);
      const state = await this.o.store
        .fail(job.id, this.owner, err instanceof Error ? err.message : String(err), Date.now() + delay)
        .catch(() => null);
      this.o.logger[state === "dead" ? "error" : "warn"](state === "dead" ? "job gave up" : "job failed; retrying", {
        job: job.id,
        kind: job.kind,
        attempt: job.attempts,
        error: String(err),
      });
    } finally {
      clearInterval(keep);
    }
  }
}
