import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, api, call, fetchSession, NetworkError, reserveNumbers } from "./api.js";

/*
 * The typed client against a fake `fetch`: what goes on the wire for a route (the server's own
 * tests cover the other side with the same client), and how answers come back.
 */

interface Sent {
  url: string;
  method: string;
  contentType: string | null;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

function serve(answer: () => Response | Promise<Response>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: init.method ?? "GET",
      contentType: new Headers(init.headers).get("content-type"),
      credentials: init.credentials,
      body: typeof init.body === "string" ? JSON.parse(init.body) : init.body,
    });
    return answer();
  });
  return sent;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

afterEach(() => vi.unstubAllGlobals());

describe("the API client", () => {
  it("sends a route's method, path, parameters and JSON body, with the session cookie", async () => {
    const sent = serve(() => json({ ok: true }));
    const member = api.workspaces[":ws"].members[":userId"];
    expect(await call(member.$patch({ param: { ws: "w1", userId: "u1" }, json: { role: "viewer" } }))).toEqual({
      ok: true,
    });
    await call(api["sign-out"].$post({ json: {} }));
    await call(api.workspaces[":ws"].audit.$get({ param: { ws: "w1" }, query: { before: "42" } }));
    expect(sent).toEqual([
      {
        url: "/api/workspaces/w1/members/u1",
        method: "PATCH",
        contentType: "application/json",
        credentials: "same-origin",
        body: { role: "viewer" },
      },
      // The CSRF guard wants every POST to be JSON, an empty one too.
      { url: "/api/sign-out", method: "POST", contentType: "application/json", credentials: "same-origin", body: {} },
      {
        url: "/api/workspaces/w1/audit?before=42",
        method: "GET",
        contentType: null,
        credentials: "same-origin",
        body: undefined,
      },
    ]);
  });

  it("keeps a workspace id with odd characters in its own path segment", async () => {
    const sent = serve(() => json({ first: 1, last: 20 }));
    expect(await reserveNumbers("a/b", "quote", 20, 7)).toEqual({ first: 1, last: 20 });
    expect(sent[0]).toMatchObject({ url: "/api/workspaces/a%2Fb/sequences/quote", body: { count: 20, atLeast: 7 } });
  });

  it("turns a refusal into ApiError: code, message, the field, every issue, Retry-After", async () => {
    const issue = {
      field: "password",
      code: "passwordTooShort",
      message: "Use at least 12 characters.",
      params: { min: 12 },
    };
    serve(() =>
      json(
        { error: { code: "weak-password", message: "password: too short", field: "password", issues: [issue] } },
        400,
      ),
    );
    const refused = await call(api["sign-in"].$post({ json: { email: "a@b.c", password: "x" } })).catch((e) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 400, code: "weak-password", field: "password", issues: [issue] });
    expect(refused.retryAfter).toBeUndefined();

    serve(() => json({ error: { code: "too-many-attempts", message: "wait" } }, 429, { "Retry-After": "30" }));
    const throttled = await call(api["sign-in"].$post({ json: { email: "a@b.c", password: "x" } })).catch((e) => e);
    expect(throttled).toMatchObject({ status: 429, code: "too-many-attempts", retryAfter: 30, issues: [] });
  });

  it("says the server cannot be reached when fetch fails or something else than the API answers", async () => {
    serve(() => Promise.reject(new TypeError("Failed to fetch")));
    await expect(call(api.setup.$get())).rejects.toBeInstanceOf(NetworkError);
    serve(() => new Response("<!doctype html><title>Bad gateway</title>", { status: 502 }));
    await expect(call(api.setup.$get())).rejects.toThrow(new NetworkError("the server answered 502 without JSON"));
  });

  it("reads a signed-out session as null, and other failures as failures", async () => {
    serve(() => json({ error: { code: "signed-out", message: "sign in first" } }, 401));
    expect(await fetchSession()).toBeNull();
    serve(() => json({ error: { code: "internal", message: "internal server error" } }, 500));
    await expect(fetchSession()).rejects.toMatchObject({ status: 500, code: "internal" });
  });
});
