import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApi } from "../api/index.js";
import { createServer, type RunningServer } from "../app.js";
import { defaultAuthConfig } from "./gate.js";
import { FailureBackoff } from "./ratelimit.js";
import { AuthStore } from "./store.js";
import { GOOD_PASSWORD, person } from "./testing.js";

/*
 * Targeted lockout: failed sign-ins lock out the client that made them, not the account's owner;
 * guessing stays slow — per client, per address, and per account from many addresses.
 */

const WRONG = "not-the-password-1";

describe("sign-in lockout on a running server (one trusted proxy: X-Forwarded-For is the client)", () => {
  let server: RunningServer;
  let dataDir: string;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "crm-lockout-"));
    server = await createServer({ port: 0, host: "127.0.0.1", dataDir, auth: { config: { trustedProxies: 1 } } });
  });
  afterEach(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (email: string, password: string, client: string) =>
    fetch(`${server.url}/api/sign-in`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": client },
      body: JSON.stringify({ email, password }),
    });

  it("an attacker from another address locks out only itself", async () => {
    const owner = await person(server, "Owner");
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await signIn(owner.email, WRONG, "203.0.113.66")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const attacker = await signIn(owner.email, GOOD_PASSWORD, "203.0.113.66");
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers.get("retry-after"))).toBeGreaterThan(800);
    // The owner, from their own address, in a browser that never signed in before, gets in.
    const ownerIn = await signIn(owner.email, GOOD_PASSWORD, "198.51.100.7");
    expect(ownerIn.status).toBe(200);
  });

  it("parallel guesses from one client are counted before the password is checked", async () => {
    const owner = await person(server, "Owner");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => signIn(owner.email, WRONG, "203.0.113.9").then((r) => r.status)),
    );
    expect(results.filter((s) => s === 401)).toHaveLength(5);
    expect(results.filter((s) => s === 429)).toHaveLength(15);
    const failures = server
      .auth!.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sign-in-failed'")
      .get() as { n: number };
    expect(failures.n).toBe(5);
  });
});

describe("sign-in throttling with a clock (the API alone)", () => {
  let store: AuthStore;
  let clock: number;
  beforeEach(() => {
    store = new AuthStore(undefined, { accessPollMs: 0 });
    clock = 1_000_000;
  });
  afterEach(() => store.close());

  const app = () => createApi(store, { ...defaultAuthConfig, trustedProxies: 1 }, { now: () => clock });

  async function signIn(
    api: ReturnType<typeof app>,
    email: string,
    password: string,
    client: string,
    cookie?: string,
  ): Promise<{ status: number; retryAfter: number; cookies: string[] }> {
    const res = await api.request("/sign-in", {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Forwarded-For": client,
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: JSON.stringify({ email, password }),
    });
    return {
      status: res.status,
      retryAfter: Number(res.headers.get("retry-after") ?? 0),
      cookies: res.headers.getSetCookie().map((c) => c.split(";")[0]!),
    };
  }

  it("many addresses guessing one account slow it down; the owner's own browser is not kept out", async () => {
    const { hashPassword } = await import("./passwords.js");
    store.createUser({ email: "ada@example.test", name: "Ada", passwordHash: await hashPassword(GOOD_PASSWORD) });
    const api = app();
    // Ada signed in from her laptop once: the browser is known for her account from then on.
    const first = await signIn(api, "ada@example.test", GOOD_PASSWORD, "198.51.100.7");
    expect(first.status).toBe(200);
    const known = first.cookies.find((c) => c.startsWith("crm_known="))!;
    expect(known).toBeTruthy();

    // Ten addresses, one guess each: within the free allowance (twice the per-client limit).
    for (let i = 0; i < 10; i++) {
      clock += 10;
      expect((await signIn(api, "ada@example.test", WRONG, `203.0.113.${i}`)).status).toBe(401);
    }
    // The eleventh address waits — even with the right password, so guessing gains nothing.
    const slowed = await signIn(api, "ada@example.test", GOOD_PASSWORD, "203.0.113.200");
    expect(slowed).toMatchObject({ status: 429, retryAfter: 1 });
    // Ada's known browser is not slowed by strangers.
    const ada = await signIn(api, "ada@example.test", GOOD_PASSWORD, "198.51.100.7", known);
    expect(ada.status).toBe(200);
    // A known-device cookie for another account does not help here.
    const forged = await signIn(
      api,
      "ada@example.test",
      GOOD_PASSWORD,
      "203.0.113.201",
      "crm_known=AAAAAAAAAAAAAAAAAAAAAA",
    );
    expect(forged.status).toBe(429);

    // The pace doubles with every further failure: 1 s, then 2 s, then 4 s …
    clock += 1000;
    expect((await signIn(api, "ada@example.test", WRONG, "203.0.113.11")).status).toBe(401);
    expect((await signIn(api, "ada@example.test", WRONG, "203.0.113.12")).retryAfter).toBe(2);
    clock += 2000;
    expect((await signIn(api, "ada@example.test", WRONG, "203.0.113.12")).status).toBe(401);
    expect((await signIn(api, "ada@example.test", WRONG, "203.0.113.13")).retryAfter).toBe(4);
    // After the window the account is free again.
    clock += defaultAuthConfig.loginWindowMs;
    expect((await signIn(api, "ada@example.test", GOOD_PASSWORD, "203.0.113.14")).status).toBe(200);
  });

  it("a guesser behind the owner's own address locks out only unknown browsers there", async () => {
    const { hashPassword } = await import("./passwords.js");
    store.createUser({ email: "bo@example.test", name: "Bo", passwordHash: await hashPassword(GOOD_PASSWORD) });
    const api = app();
    const office = "198.51.100.20"; // one NAT address for the whole office
    const first = await signIn(api, "bo@example.test", GOOD_PASSWORD, office);
    const known = first.cookies.find((c) => c.startsWith("crm_known="))!;
    const guesses: number[] = [];
    for (let i = 0; i < 6; i++) guesses.push((await signIn(api, "bo@example.test", WRONG, office)).status);
    expect(guesses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await signIn(api, "bo@example.test", GOOD_PASSWORD, office)).status).toBe(429);
    expect((await signIn(api, "bo@example.test", GOOD_PASSWORD, office, known)).status).toBe(200);
  });

  it("one address spraying many accounts is stopped by the per-address limit", async () => {
    const api = app();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await signIn(api, `u${i}@example.test`, WRONG, "203.0.113.5")).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});

describe("FailureBackoff", () => {
  it("is free up to the allowance, then doubles the wait after the last failure up to the cap", () => {
    const b = new FailureBackoff({ free: 2, baseMs: 1000, maxMs: 5000, windowMs: 60_000 });
    b.fail("k", 0);
    expect(b.retryAfter("k", 0)).toBe(0);
    b.fail("k", 100);
    expect(b.retryAfter("k", 100)).toBe(1000);
    expect(b.retryAfter("k", 1100)).toBe(0);
    b.fail("k", 1100);
    expect(b.retryAfter("k", 1100)).toBe(2000);
    b.fail("k", 3100);
    b.fail("k", 7100);
    expect(b.retryAfter("k", 7100)).toBe(5000);
    b.forgive("k", 7100);
    expect(b.retryAfter("k", 7100)).toBe(0);
    expect(b.retryAfter("k", 61_000)).toBe(0);
  });
});
