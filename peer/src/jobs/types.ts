/*
 * The durable job queue's contract. A job is recorded before it runs and marked done after;
 * between the two it holds a lease. Execution is at least once (a crash after the effect and
 * before "done" runs it again); effects are made exactly once by the job itself: inside the CRM
 * with deterministic record ids (`JobContext.createRecord`) and naturally idempotent field sets;
 * outside the CRM by carrying `job.key` as the idempotency key (a webhook's `webhook-id`, an
 * email's Message-ID).
 *
 * `SqliteJobStore` (the peer's database) implements it for one process; several instances
 * (issue 14) implement the same calls on PostgreSQL, where `claim` is an
 * `UPDATE … WHERE lease_until < now() … FOR UPDATE SKIP LOCKED` and the key a unique index.
 */

export type JobState = "queued" | "running" | "done" | "dead";

export interface Job {
  id: string;
  /** Unique in the queue: enqueuing the same key again returns the existing job. */
  key: string;
  /** Which handler runs it ("webhook.deliver", "rule.action", …). */
  kind: string;
  payload: unknown;
  state: JobState;
  /** Not before this time (ms): a delay, a retry's backoff. */
  runAt: number;
  /** Runs started so far (the running one included). */
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  result: unknown;
  createdAt: number;
  doneAt: number | null;
}

export interface EnqueueInput {
  kind: string;
  /** The idempotency key: derive it from what the job is for (a change's seq and a rule's id), never random. */
  key: string;
  payload?: unknown;
  /** Default: now. */
  runAt?: number;
  /** Default 10. */
  maxAttempts?: number;
}

export interface JobStore {
  /** Records a job unless one with the same key exists (then returns that one, `created: false`). */
  enqueue(input: EnqueueInput, now?: number): Promise<{ job: Job; created: boolean }>;
  /**
   * Takes the next due job of one of `kinds` (queued and due, or running with an expired lease),
   * leased to `owner` until `now + leaseMs`; `attempts` counts this run. Null when none is due.
   */
  claim(owner: string, kinds: readonly string[], leaseMs: number, now?: number): Promise<Job | null>;
  /** Marks a job this owner holds done. False when the lease was lost (another owner took it). */
  complete(id: string, owner: string, result?: unknown, now?: number): Promise<boolean>;
  /** Gives a held job back to run again at `runAt`, or marks it dead when its attempts are used up. */
  fail(id: string, owner: string, error: string, runAt: number, now?: number): Promise<Job["state"] | null>;
  /** Keeps a long job's lease. */
  extend(id: string, owner: string, leaseUntil: number): Promise<boolean>;
  get(id: string): Promise<Job | undefined>;
  byKey(key: string): Promise<Job | undefined>;
  /** When the next queued job of `kinds` is due (ms), or null. */
  nextRunAt(kinds: readonly string[]): Promise<number | null>;
  counts(): Promise<Record<JobState, number>>;
}

/** Seconds-scale exponential backoff with jitter: 2 s, 4 s, 8 s … at most `maxMs`. */
export function backoff(attempt: number, baseMs = 2000, maxMs = 3600_000, random = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.5 + random()));
}
