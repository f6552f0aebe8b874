import { describe, expect, it } from "vitest";
import { authConfigFromEnv } from "./app.js";

describe("settings from the environment", () => {
  it("reads hours as hours and refuses nonsense", () => {
    expect(authConfigFromEnv({}).sessionTtlMs).toBe(30 * 24 * 3600_000);
    expect(authConfigFromEnv({ SESSION_TTL_HOURS: "12" }).sessionTtlMs).toBe(12 * 3600_000);
    expect(authConfigFromEnv({ INVITE_TTL_HOURS: "1" }).inviteTtlMs).toBe(3600_000);
    expect(authConfigFromEnv({ ALLOWED_ORIGINS: "http://a.test/, http://b.test" }).allowedOrigins).toEqual([
      "http://a.test",
      "http://b.test",
    ]);
    expect(() => authConfigFromEnv({ SESSION_TTL_HOURS: "soon" })).toThrow(/SESSION_TTL_HOURS/);
  });
});
