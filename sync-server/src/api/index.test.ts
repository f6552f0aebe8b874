import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultAuthConfig } from "../auth/gate.js";
import { AuthStore } from "../auth/store.js";
import { createApi } from "./index.js";

/* What every route passes (the CSRF guard) and the error format, on the API alone. */

let store: AuthStore;
let cookie: string;
let ws: string;
beforeEach(() => {
  store = new AuthStore(undefined, { accessPollMs: 0 });
  const user = store.createUser({ email: "o@example.test", name: "O", passwordHash: "x" });
  ws = store.createWorkspace("W", user.id).id;
  cookie = `crm_session=${store.createSession(user.id, 3600_000).secret}`;
});
afterEach(() => store.close());

const request = async (path: string, init: RequestInit = {}) => {
  const res = await createApi(store, defaultAuthConfig).request(`http://crm.test${path}`, {
    ...init,
    headers: { Host: "crm.test", Cookie: cookie, ...init.headers },
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as { error?: Record<string, unknown> } };
};

describe("every /api route", () => {
  it("refuses another site's page, even a read", async () => {
    const res = await request(`/workspaces/${ws}/members`, { headers: { Origin: "http://evil.test" } });
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: "bad-origin" });
    expect((await request(`/workspaces/${ws}/members`, { headers: { Origin: "http://crm.test" } })).status).toBe(200);
  });

  it("takes only JSON bodies, and says when one is not JSON", async () => {
    const form = await request(`/workspaces/${ws}/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "name=x&role=editor",
    });
    expect(form.json.error).toMatchObject({ code: "not-json" });
    const broken = await request(`/workspaces/${ws}/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"name": "x", ',
    });
    expect(broken.status).toBe(400);
    expect(broken.json.error).toMatchObject({ code: "bad-json", message: "the request body is not valid JSON" });
    expect(store.tokens(ws)).toEqual([]);
  });

  it("is never cached, and an unknown route answers 404 in the same format", async () => {
    expect((await request("/session")).headers.get("cache-control")).toBe("no-store");
    const unknown = await request("/workspaces/x/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({
      code: "not-found",
      message: "no API route GET /workspaces/x/nothing-here",
    });
    // The GDPR routes need the documents: an API without them has no such routes.
    const gdpr = await request(`/workspaces/${ws}/contacts/c1/export`);
    expect(gdpr.status).toBe(404);
    expect(gdpr.json.error).toMatchObject({ code: "not-found" });
  });

  it("answers 500 without details when something unexpected fails", async () => {
    const broken = Object.create(store, {
      members: {
        value: () => {
          throw new Error("disk on fire");
        },
      },
    }) as AuthStore;
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (e: unknown) => errors.push(e);
    try {
      const res = await createApi(broken, defaultAuthConfig).request(`/workspaces/${ws}/members`, {
        headers: { Cookie: cookie },
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { code: "internal", message: "internal server error" } });
    } finally {
      console.error = original;
    }
    expect(String(errors[0])).toContain("disk on fire");
  });
});
