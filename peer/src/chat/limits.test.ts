import { describe, expect, it } from "vitest";
import { WindowLimiter } from "./limits.js";

describe("WindowLimiter", () => {
  it("allows `limit` events per window and key, then says how long to wait", () => {
    let now = 0;
    const limiter = new WindowLimiter(3, 60_000, () => now);
    for (const at of [0, 20_000, 40_000]) {
      now = at;
      expect(limiter.take("a").ok).toBe(true);
    }
    now = 50_000;
    expect(limiter.take("a")).toEqual({ ok: false, retryAfterMs: 10_000 });
    // Another key has its own window.
    expect(limiter.take("b").ok).toBe(true);
    // The first event leaves the window: one more is allowed, not more.
    now = 60_001;
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a").ok).toBe(false);
  });

  it("does not count refused events", () => {
    let now = 0;
    const limiter = new WindowLimiter(1, 1_000, () => now);
    expect(limiter.take("k").ok).toBe(true);
    for (let i = 0; i < 5; i++) expect(limiter.take("k").ok).toBe(false);
    now = 1_001;
    expect(limiter.take("k").ok).toBe(true);
  });
});
