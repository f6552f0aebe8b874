import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../app.js";
import { passwordProblem } from "./passwords.js";
import { clientAddress, FailureLimiter } from "./ratelimit.js";
import { api, GOOD_PASSWORD, person } from "./testing.js";

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

describe("invites and roles", () => {
  it("an admin invites a viewer; the link works once and expires", async () => {
    const owner = await person(server, "Owner");
    const ws = server.auth!.createWorkspace("Acme", owner.userId).id;
    const created = await api(server, "POST", `/api/workspaces/${ws}/invites`, {
      cookie: owner.cookie,
      body: { role: "viewer", email: "" },
    });
    expect(created.status).toBe(201);
    const path = created.json.path as string;
    const secret = path.split("/").pop()!;
    expect((await api(server, "GET", `/api/invites/${secret}`)).json).toMatchObject({
      workspaceName: "Acme",
      role: "viewer",
    });
    const accepted = await api(server, "POST", `/api/invites/${secret}/accept`, {
      body: { email: "vic@example.test", name: "Vic", password: GOOD_PASSWORD },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json.workspaces).toEqual([{ id: ws, name: "Acme", role: "viewer" }]);
    const reused = await api(server, "POST", `/api/invites/${secret}/accept`, {
      body: { email: "eve@example.test", name: "Eve", password: GOOD_PASSWORD },
    });
    expect(reused.status).toBe(410);
    expect(reused.json.error).toMatchObject({ code: "invite-used" });

    const { secret: old } = server.auth!.createInvite({
      workspaceId: ws,
      role: "editor",
      email: "",
      createdBy: owner.userId,
      ttlMs: -1,
    });
    expect((await api(server, "GET", `/api/invites/${old}`)).json.error).toMatchObject({ code: "invite-expired" });
  });

  it("keeps an owner: the last one can be neither demoted nor removed; admins cannot touch owners", async () => {
    const owner = await person(server, "Owner");
    const ws = server.auth!.createWorkspace("Acme", owner.userId).id;
    const admin = await person(server, "Admin", { workspaceId: ws, role: "admin" });
    const demote = await api(server, "PATCH", `/api/workspaces/${ws}/members/${owner.userId}`, {
      cookie: owner.cookie,
      body: { role: "editor" },
    });
    expect(demote.json.error).toMatchObject({ code: "last-owner" });
    const byAdmin = await api(server, "DELETE", `/api/workspaces/${ws}/members/${owner.userId}`, {
      cookie: admin.cookie,
    });
    expect(byAdmin.status).toBe(403);
    const promote = await api(server, "PATCH", `/api/workspaces/${ws}/members/${admin.userId}`, {
      cookie: admin.cookie,
      body: { role: "owner" },
    });
    expect(promote.status).toBe(403);
    expect(server.auth!.roleOf(admin.userId, ws)).toBe("admin");
    const audit = await api(server, "GET", `/api/workspaces/${ws}/audit`, { cookie: owner.cookie });
    expect(audit.status).toBe(200);
  });

  it("tells every member who is in the workspace, and nobody else", async () => {
    const owner = await person(server, "Owner");
    const ws = server.auth!.createWorkspace("Acme", owner.userId).id;
    const viewer = await person(server, "Vera", { workspaceId: ws, role: "viewer" });
    const outsider = await person(server, "Olga");
    const seen = await api(server, "GET", `/api/workspaces/${ws}/people`, { cookie: viewer.cookie });
    expect(seen.status).toBe(200);
    expect(seen.json.people).toEqual([
      { id: owner.userId, name: "Owner", email: owner.email, role: "owner" },
      { id: viewer.userId, name: "Vera", email: viewer.email, role: "viewer" },
    ]);
    const refused = await api(server, "GET", `/api/workspaces/${ws}/people`, { cookie: outsider.cookie });
    expect(refused.status).toBe(404);
    expect((await api(server, "GET", `/api/workspaces/${ws}/people`)).status).toBe(401);
  });

  it("mints service tokens that work once and can be revoked", async () => {
    const owner = await person(server, "Owner");
    const ws = server.auth!.createWorkspace("Acme", owner.userId).id;
    const minted = await api(server, "POST", `/api/workspaces/${ws}/tokens`, {
      cookie: owner.cookie,
      body: { name: "importer", role: "editor", expiresInHours: 1 },
    });
    expect(minted.status).toBe(201);
    const token = minted.json.token as string;
    expect(token).toMatch(/^crm_[a-z0-9]+_/);
    expect(server.auth!.tokenFor(token)?.role).toBe("editor");
    const list = await api(server, "GET", `/api/workspaces/${ws}/tokens`, { cookie: owner.cookie });
    expect(JSON.stringify(list.json)).not.toContain(token.split("_")[2]);
    const id = (minted.json.info as { id: string }).id;
    await api(server, "DELETE", `/api/workspaces/${ws}/tokens/${id}`, { cookie: owner.cookie });
    expect(server.auth!.tokenFor(token)).toBeUndefined();
    const actions = server.auth!.auditLog(ws).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["token-minted", "token-revoked"]));
  });
});

describe("password policy", () => {
  it("wants 12 characters and refuses common passwords, with digits appended or not", () => {
    expect(passwordProblem("short")).toMatch(/at least 12/);
    expect(passwordProblem("qwertyuiopas")).toBeNull();
    expect(passwordProblem("1qaz2wsx3edc")).toMatch(/common/);
    expect(passwordProblem("Password2024!")).toMatch(/common/);
    expect(passwordProblem("aaaaaaaaaaaaa")).toMatch(/few different/);
    expect(passwordProblem("ada.lovelace-rocks", ["ada.lovelace@example.test"])).toMatch(/name or email/);
    expect(passwordProblem(GOOD_PASSWORD)).toBeNull();
  });
});

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

describe("settings from the environment", () => {
  it("reads hours as hours and refuses nonsense", async () => {
    const { authConfigFromEnv } = await import("../app.js");
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
