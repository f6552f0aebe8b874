/*
 * Failure counting, in memory (one process serves a team): `FailureLimiter` refuses a key once it
 * has `limit` failures within the window, `FailureBackoff` makes a key wait longer after each failure
 * beyond a free allowance. `SignInThrottle` combines them so that guessing is slow but a stranger
 * cannot lock someone out (see there).
 */

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  /** At most this many keys are tracked; the oldest are forgotten first. */
  maxKeys?: number;
  /** Failures remembered per key (the newest); default `limit`, all that `retryAfter` reads. */
  keep?: number;
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
    const keep = this.options.keep ?? this.options.limit;
    if (times.length > keep) times.splice(0, times.length - keep);
    this.failures.delete(key);
    this.failures.set(key, times);
    const max = this.options.maxKeys ?? 100_000;
    while (this.failures.size > max) this.failures.delete(this.failures.keys().next().value!);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  /** Takes back one failure counted at `at` (an attempt counted before its outcome was known). */
  forgive(key: string, at: number): void {
    const times = this.failures.get(key);
    const i = times?.lastIndexOf(at) ?? -1;
    if (i >= 0) times!.splice(i, 1);
  }

  protected recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }
}

/**
 * Once a key has `free` failures within the window, each attempt waits `baseMs` × 2^(failures −
 * free) after the last failure, at most `maxMs`: never a lockout, only a slower pace.
 */
export class FailureBackoff extends FailureLimiter {
  constructor(private readonly backoff: { free: number; baseMs: number; maxMs: number; windowMs: number }) {
    // Beyond free + 16 failures the wait is long at its cap: older ones need not be kept.
    super({ limit: Number.POSITIVE_INFINITY, windowMs: backoff.windowMs, keep: backoff.free + 16 });
  }

  override retryAfter(key: string, now = Date.now()): number {
    const times = this.recent(key, now);
    const over = times.length - this.backoff.free;
    if (over < 0) return 0;
    const delay = Math.min(this.backoff.baseMs * 2 ** over, this.backoff.maxMs);
    return Math.max(0, times[times.length - 1]! + delay - now);
  }
}

/**
 * Sign-in throttling that slows guessing without letting a stranger lock the owner out:
 * - per account **and** client (address, and whether the browser is known — below): `perClient`
 *   failures per window, then that client waits for the window — a guesser locks out only itself;
 * - per client address: `perAddress` failures per window over all accounts (spraying);
 * - per account, from everywhere: after `2 × perClient` failures in the window each attempt waits
 *   1 s, 2 s, 4 s … at most a minute after the last failure (many addresses guessing one account).
 * A browser that has signed in to the account before (`known`, the server's signed cookie) skips
 * the last two and counts its failures apart from unknown browsers at its address: a crowd of
 * guessers — or one behind the same NAT — cannot keep it out.
 */
export class SignInThrottle {
  private readonly pair: FailureLimiter;
  private readonly address: FailureLimiter;
  private readonly account: FailureBackoff;

  constructor(config: { perClient: number; perAddress: number; windowMs: number }) {
    this.pair = new FailureLimiter({ limit: config.perClient, windowMs: config.windowMs });
    this.address = new FailureLimiter({ limit: config.perAddress, windowMs: config.windowMs });
    this.account = new FailureBackoff({
      free: 2 * config.perClient,
      baseMs: 1000,
      maxMs: 60_000,
      windowMs: config.windowMs,
    });
  }

  /** ms until this client may try this account again; 0 = now. `account` is the lower-cased email. */
  retryAfter(account: string, address: string, known: boolean, now = Date.now()): number {
    const own = this.pair.retryAfter(client(account, address, known), now);
    if (known) return own;
    return Math.max(own, this.address.retryAfter(address, now), this.account.retryAfter(account, now));
  }

  /**
   * Counts an attempt as failed before the password is checked (argon2 takes a while), so that
   * parallel attempts cannot all pass `retryAfter` first; `succeeded` takes it back.
   */
  attempt(account: string, address: string, known: boolean, now = Date.now()): void {
    this.pair.fail(client(account, address, known), now);
    this.address.fail(address, now);
    this.account.fail(account, now);
  }

  /**
   * The attempt made at `at` succeeded: it is not counted, and the pair starts afresh. The account's
   * earlier failures stay, so a distributed guesser gains nothing from the owner signing in.
   */
  succeeded(account: string, address: string, known: boolean, at: number): void {
    this.pair.clear(client(account, address, known));
    this.address.forgive(address, at);
    this.account.forgive(account, at);
  }
}

const client = (account: string, address: string, known: boolean) => `${account}\n${address}${known ? "\nknown" : ""}`;

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
