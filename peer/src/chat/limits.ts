/*
 * A sliding window per key, in memory: at most `limit` events in the last `windowMs`. Used for a
 * visitor's messages (per conversation token); new chats per address are counted in the shared
 * database instead (store.ts), so a restart or another process does not reset them.
 */
export class WindowLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event: ok, or how long until one is allowed again. */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    const since = now - this.windowMs;
    const list = (this.events.get(key) ?? []).filter((t) => t > since);
    if (list.length >= this.limit) {
      this.events.set(key, list);
      return { ok: false, retryAfterMs: Math.max(1, list[0]! + this.windowMs - now) };
    }
    list.push(now);
    this.events.set(key, list);
    if (this.events.size > 10_000) this.prune(since);
    return { ok: true };
  }

  private prune(since: number): void {
    for (const [k, list] of this.events) if (!list.some((t) => t > since)) this.events.delete(k);
  }
}
