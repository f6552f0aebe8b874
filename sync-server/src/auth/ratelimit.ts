/*
 * Sign-in attempts are limited per account and per client address, in memory (one process serves a
 * team). Failures within the window count; a success clears the account's count. Once a key is over
 * its limit every attempt is refused — right or wrong password — until the oldest failure leaves
 * the window, so guessing is slowed to `limit` tries per window.
 */

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  /** At most this many keys are tracked; the oldest are forgotten first. */
  maxKeys?: number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: RateLimitOptions) {}

  /** ms until `key` may try again; 0 when it may try now. */
  retryAfter(key: string, now = Date.now()): number {
    const times = this.recent(key, now);
    if (times.length < this.options.limit) return 0;
    return times[times.length - this.options.limit]! + this.options.windowMs - now;
  }

  fail(key: string, now = Date.now()): void {
    const times = this.recent(key, now);
    times.push(now);
    this.failures.delete(key);
    this.failures.set(key, times);
    const max = this.options.maxKeys ?? 100_000;
    while (this.failures.size > max) this.failures.delete(this.failures.keys().next().value!);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }
}

/**
 * The client's address. Behind `trustedProxies` reverse proxies, X-Forwarded-For's entry that many
 * hops from the right is the client (each proxy appends the address it saw); with 0, the header is
 * ignored, since anyone can send it.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: number,
): string {
  const direct = socketAddress ?? "unknown";
  if (trustedProxies <= 0 || !forwardedFor) return direct;
  const hops = forwardedFor
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return hops[hops.length - trustedProxies] ?? hops[0] ?? direct;
}
