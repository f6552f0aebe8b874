/*
 * Requests per caller (a token, or a person's session), a token bucket in memory: `perMinute`
 * on average, bursts of as many. Beyond: 429 with `Retry-After`. Every answer carries
 * `RateLimit-Limit` and `RateLimit-Remaining` (the IETF draft's header names).
 */

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request's token: remaining tokens, or the ms to wait when there is none. */
  take(key: string): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    if (b.tokens < 1) return { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) / rate) };
    b.tokens -= 1;
    return { ok: true, remaining: Math.floor(b.tokens) };
  }

  private forgetFull(now: number): void {
    for (const [k, b] of this.buckets)
      if (b.tokens + (now - b.at) * (this.perMinute / 60_000) >= this.perMinute) this.buckets.delete(k);
  }
}
