import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../app.js";
import { api, GOOD_PASSWORD, person } from "../auth/testing.js";
import { client } from "./testing.js";

let server: RunningServer;
let dataDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "crm-auth-"));
  server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir,
    auth: { config: { loginLimitPerAccount: 3, loginLimitPerAddress: 10 } },
  });
});
afterEach(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const cookieOf = (setCookie: string | null) => setCookie?.split(";")[0] ?? "";

describe("setup", () => {
  it("exists only while nobody does: the first visitor becomes the owner of a workspace", async () => {
    expect((await api(server, "GET", "/api/setup")).json).toEqual({ needed: true });
    const weak = await api(server, "POST", "/api/setup", {
      body: { email: "ada@example.test", name: "Ada", password: "password1234", workspaceName: "Acme" },
    });
    expect(weak.status).toBe(400);
    expect(weak.json.error).toMatchObject({ code: "weak-password", field: "password" });

    const ok = await api(server, "POST", "/api/setup", {
      body: { email: "ada@example.test", name: "Ada", password: GOOD_PASSWORD, workspaceName: "Acme" },
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({
      user: { email: "ada@example.test", name: "Ada" },
      workspaces: [{ name: "Acme", role: "owner" }],
    });
    expect(ok.setCookie).toMatch(/crm_session=[^;]+;.*HttpOnly/i);
    expect(ok.setCookie).toMatch(/SameSite=Lax/i);
    expect(ok.setCookie).not.toMatch(/Secure/);

    expect((await api(server, "GET", "/api/setup")).json).toEqual({ needed: false });
    const again = await api(server, "POST", "/api/setup", {
      body: { email: "eve@example.test", name: "Eve", password: GOOD_PASSWORD, workspaceName: "Mine" },
    });
    expect(again.status).toBe(409);
    const session = await api(server, "GET", "/api/session", { cookie: cookieOf(ok.setCookie) });
    expect(session.status).toBe(200);
  });

  it("names the field that is wrong", async () => {
    const res = await api(server, "POST", "/api/setup", {
      body: { email: "not-an-email", name: "Ada", password: GOOD_PASSWORD, workspaceName: "Acme" },
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: "invalid",
      field: "email",
      message: "email: Enter an email address like name@example.com.",
    });
    // Every field's issue at once, each with its code (the forms translate it).
    const several = await api(server, "POST", "/api/setup", {
      body: { email: "", name: "Ada", password: "short", workspaceName: " " },
    });
    expect(several.json.error).toMatchObject({
      code: "invalid",
      issues: [
        { field: "email", code: "required" },
        { field: "password", code: "passwordTooShort", params: { min: 12 } },
        { field: "workspaceName", code: "required" },
      ],
    });
    const notJson = await fetch(`${server.url}/api/setup`, { method: "POST", body: "email=x" });
    expect(notJson.status).toBe(400);
  });
});

describe("setup's form", () => {
  it("reads a field that is not text as left empty, and names every missing field at once", async () => {
    const res = await api(server, "POST", "/api/setup", { body: { name: 5, email: ["a@example.test"] } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: "invalid",
      field: "name",
      issues: [
        { field: "name", code: "required" },
        { field: "email", code: "required" },
        { field: "password", code: "required" },
        { field: "workspaceName", code: "required" },
      ],
    });
    expect(server.auth!.userCount()).toBe(0);
  });

  it("once set up, says so before looking at the body", async () => {
    await person(server, "Ada");
    const res = await api(server, "POST", "/api/setup", { body: {} });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: "setup-done" });
  });
});

describe("sign-in", () => {
  it("rotates the session on sign-in and revokes it on sign-out", async () => {
    const ada = await person(server, "Ada");
    const first = await api(server, "POST", "/api/sign-in", {
      body: { email: ada.email, password: GOOD_PASSWORD },
      cookie: ada.cookie,
    });
    expect(first.status).toBe(200);
    const fresh = cookieOf(first.setCookie);
    expect(fresh).not.toBe(ada.cookie);
    // The session the browser had before signing in is gone.
    expect((await api(server, "GET", "/api/session", { cookie: ada.cookie })).status).toBe(401);
    expect((await api(server, "GET", "/api/session", { cookie: fresh })).status).toBe(200);

    const out = await api(server, "POST", "/api/sign-out", { cookie: fresh, body: {} });
    expect(out.status).toBe(200);
    expect((await api(server, "GET", "/api/session", { cookie: fresh })).status).toBe(401);
  });

  it("says the same for an unknown email and a wrong password, and limits attempts per account", async () => {
    const ada = await person(server, "Ada");
    const unknown = await api(server, "POST", "/api/sign-in", {
      body: { email: "nobody@example.test", password: GOOD_PASSWORD },
    });
    const wrong = await api(server, "POST", "/api/sign-in", {
      body: { email: ada.email, password: "wrong password!" },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);

    for (let i = 0; i < 2; i++)
      await api(server, "POST", "/api/sign-in", { body: { email: ada.email, password: "wrong password!" } });
    // Three failures: now even the right password waits.
    const limited = await api(server, "POST", "/api/sign-in", { body: { email: ada.email, password: GOOD_PASSWORD } });
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: "too-many-attempts" });

    const log = server.auth!.auditLog("none");
    expect(log).toEqual([]);
    const failures = server
      .auth!.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sign-in-failed'")
      .get() as { n: number };
    expect(failures.n).toBe(4);
  });
});

describe("the session through the typed client", () => {
  it("signs in, reads the session, starts a workspace and signs out", async () => {
    const ada = await person(server, "Ada");
    const signedIn = await client(server)["sign-in"].$post({ json: { email: ada.email, password: GOOD_PASSWORD } });
    expect(signedIn.status).toBe(200);
    const body = await signedIn.json();
    expect(body).toEqual({ user: { id: ada.userId, email: ada.email, name: "Ada" }, workspaces: [] });
    const cookie = cookieOf(signedIn.headers.get("set-cookie"));
    const me = client(server, { cookie });

    const made = await me.workspaces.$post({ json: { name: "  Globex " } });
    expect(made.status).toBe(201);
    const ws = await made.json();
    expect(ws).toMatchObject({ name: "Globex", role: "owner" });
    const session = await (await me.session.$get()).json();
    expect(session.workspaces).toEqual([{ id: ws.id, name: "Globex", role: "owner" }]);
    expect(server.auth!.auditLog(ws.id).map((e) => e.action)).toContain("workspace-created");

    const unnamed = await api(server, "POST", "/api/workspaces", { cookie, body: { name: " " } });
    expect(unnamed.status).toBe(400);
    expect(unnamed.json.error).toMatchObject({ field: "name", issues: [{ field: "name", code: "required" }] });

    expect((await me["sign-out"].$post({ json: {} })).status).toBe(200);
    expect((await me.session.$get()).status).toBe(401);
    expect((await api(server, "POST", "/api/workspaces", { body: { name: "X" } })).status).toBe(401);
  });
});
