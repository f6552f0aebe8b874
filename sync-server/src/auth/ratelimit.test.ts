import { describe, expect, it } from "vitest";
import { clientAddress, FailureLimiter } from "./ratelimit.js";

describe("rate limiting", () => {
  it("counts failures within the window and believes X-Forwarded-For only behind a trusted proxy", () => {
    const limiter = new FailureLimiter({ limit: 2, windowMs: 1000 });
    limiter.fail("a", 0);
    expect(limiter.retryAfter("a", 10)).toBe(0);
    limiter.fail("a", 100);
    expect(limiter.retryAfter("a", 200)).toBe(800);
    expect(limiter.retryAfter("a", 1001)).toBe(0);
    expect(clientAddress("10.0.0.1", "6.6.6.6", 0)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", "6.6.6.6, 1.2.3.4", 1)).toBe("1.2.3.4");
    expect(clientAddress("10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2", 2)).toBe("1.2.3.4");
  });
});
