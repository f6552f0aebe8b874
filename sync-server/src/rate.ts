import { RateLimited } from "./errors.js";

/** Bursts of this many seconds' worth are allowed (a reconnecting tab answers hundreds of sync steps at once). */
export const BURST_SECONDS = 10;

/**
 * A token bucket: `perSecond` on average, bursts up to BURST_SECONDS worth. `take` throws
 * `RateLimited` (close 4029, transient) with `what` in the message when the bucket is empty.
 * A rate of 0 means no limit.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt = performance.now();

  constructor(
    private readonly perSecond: number,
    private readonly what: string,
  ) {
    this.tokens = perSecond * BURST_SECONDS;
  }

  take(amount: number): void {
    const rate = this.perSecond;
    if (rate <= 0) return;
    const now = performance.now();
    this.tokens = Math.min(rate * BURST_SECONDS, this.tokens + ((now - this.refilledAt) / 1000) * rate);
    this.refilledAt = now;
    // A single message larger than the whole burst passes when the bucket is full (it is then
    // bounded by MAX_FRAME_BYTES); anything else beyond what is left is refused.
    if (this.tokens < Math.min(amount, rate * BURST_SECONDS)) throw new RateLimited(`more than ${rate} ${this.what}`);
    this.tokens -= amount;
  }
}
