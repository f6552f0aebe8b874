import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mailConfigFromEnv, mailer, storeOf } from "@crm/peer";
import { headerOf, smtpSink } from "@crm/peer/mail/testing";
import { simpleParser } from "mailparser";
import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../app.js";
import { PasswordResets, RESET_TTL_MS } from "../auth/resets.js";
import { api, GOOD_PASSWORD, person, type TestPerson } from "../auth/testing.js";
import { serverPerTest } from "./testing.js";

/*
 * "Forgot password?": a mailed link that works once and for an hour, the same answer whether or
 * not the account exists, limits per address and per client, every session ended by a reset; and
 * invites with an address mailed. Mail is read from the mail subsystem's log in the shared
 * database (no process sends here), and once through a real SMTP server with the peer running.
 */

const fixture = serverPerTest();
let server: RunningServer;
let owner: TestPerson;
let ws: string;
beforeEach(() => {
  ({ server, owner, ws } = fixture());
});

const NEW_PASSWORD = "copper-lantern-meadow-77";

function mails(s: RunningServer, category: string) {
  const db = s.auth!.db;
  return db
    .prepare("SELECT recipient, text_body AS text, workspace FROM mail_log WHERE category = ? ORDER BY created_at")
    .all(category) as { recipient: string; text: string; workspace: string | null }[];
}

const linkIn = (text: string, path: string) => new RegExp(`https?://\\S+/${path}/(\\S+)`).exec(text)?.[1];

describe("password reset", () => {
  it("mails a link to an existing account only, answering both the same", async () => {
    const known = await api(server, "POST", "/api/password-reset", { body: { email: owner.email.toUpperCase() } });
    const unknown = await api(server, "POST", "/api/password-reset", { body: { email: "nobody@example.test" } });
    expect(known.status).toBe(202);
    expect({ status: unknown.status, text: unknown.text }).toEqual({ status: known.status, text: known.text });
    const sent = mails(server, "password-reset");
    expect(sent.map((m) => [m.recipient, m.workspace])).toEqual([[owner.email, null]]);
    expect(linkIn(sent[0]!.text, "reset-password")).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect((await api(server, "POST", "/api/password-reset", { body: { email: "not an address" } })).status).toBe(400);
  });

  it("sets a new password once with the sign-up rules and ends every session", async () => {
    await api(server, "POST", "/api/password-reset", { body: { email: owner.email } });
    const secret = linkIn(mails(server, "password-reset")[0]!.text, "reset-password")!;
    expect((await api(server, "GET", `/api/password-reset/${secret}`)).status).toBe(200);
    const weak = await api(server, "POST", `/api/password-reset/${secret}`, { body: { password: "password" } });
    expect(weak.status).toBe(400);
    expect(weak.json.error).toMatchObject({ field: "password" });
    expect((await api(server, "GET", "/api/session", { cookie: owner.cookie })).status).toBe(200);

    const done = await api(server, "POST", `/api/password-reset/${secret}`, { body: { password: NEW_PASSWORD } });
    expect(done.status).toBe(200);
    expect((await api(server, "GET", "/api/session", { cookie: owner.cookie })).status).toBe(401);
    const again = await api(server, "POST", `/api/password-reset/${secret}`, {
      body: { password: `${NEW_PASSWORD}x` },
    });
    expect(again.status).toBe(410);
    expect(again.json.error).toMatchObject({ code: "reset-used" });
    expect((await api(server, "GET", `/api/password-reset/${secret}`)).json.error).toMatchObject({
      code: "reset-used",
    });

    const old = await api(server, "POST", "/api/sign-in", { body: { email: owner.email, password: GOOD_PASSWORD } });
    expect(old.status).toBe(401);
    const signedIn = await api(server, "POST", "/api/sign-in", {
      body: { email: owner.email, password: NEW_PASSWORD },
    });
    expect(signedIn.status).toBe(200);
    expect((await api(server, "GET", "/api/password-reset/not-a-link")).json.error).toMatchObject({
      code: "reset-unknown",
    });
  });

  it("expires a link after an hour", () => {
    const resets = new PasswordResets(server.auth!.db);
    const { secret } = resets.create(owner.userId, 1_000_000);
    expect(resets.open(secret, 1_000_000 + RESET_TTL_MS - 1).userId).toBe(owner.userId);
    expect(() => resets.open(secret, 1_000_000 + RESET_TTL_MS)).toThrow(/expired/);
    expect(() => resets.use(secret, 1_000_000 + RESET_TTL_MS)).toThrow(/expired/);
    // Used once, never twice.
    const second = resets.create(owner.userId, 2_000_000);
    resets.use(second.secret, 2_000_001);
    expect(() => resets.use(second.secret, 2_000_002)).toThrow(/already used/);
  });

  it("limits requests per address (accounts or not alike) and per client", async () => {
    const ask = (email: string) => api(server, "POST", "/api/password-reset", { body: { email } });
    for (let i = 0; i < 3; i++) {
      expect((await ask(owner.email)).status).toBe(202);
      expect((await ask("ghost@example.test")).status).toBe(202);
    }
    const limitedKnown = await ask(owner.email);
    const limitedUnknown = await ask("ghost@example.test");
    expect(limitedKnown.status).toBe(429);
    expect({ status: limitedUnknown.status, text: limitedUnknown.text }).toEqual({
      status: limitedKnown.status,
      text: limitedKnown.text,
    });
    expect(mails(server, "password-reset")).toHaveLength(3);
    // 6 counted from this client so far; 20 an hour in all.
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await ask(`someone${i}@example.test`)).status);
    expect(statuses).toEqual([...Array(14).fill(202), 429]);
  });
});

describe("an invite with an address", () => {
  it("is mailed with its link; without an address only the link is made", async () => {
    const res = await api(server, "POST", `/api/workspaces/${ws}/invites`, {
      cookie: owner.cookie,
      body: { role: "editor", email: "newbie@example.test" },
    });
    expect(res.status).toBe(201);
    expect(res.json.emailed).toBe(true);
    const sent = mails(server, "invite");
    expect(sent.map((m) => [m.recipient, m.workspace])).toEqual([["newbie@example.test", ws]]);
    expect(`/invite/${linkIn(sent[0]!.text, "invite")}`).toBe(res.json.path);
    const bare = await api(server, "POST", `/api/workspaces/${ws}/invites`, {
      cookie: owner.cookie,
      body: { role: "editor", email: "" },
    });
    expect(bare.json.emailed).toBe(false);
    expect(mails(server, "invite")).toHaveLength(1);
  });
});

describe("through a real SMTP server, sent by the server's own peer", () => {
  it("delivers the invite and the reset mail, with links to PUBLIC_URL", async () => {
    const sink = await smtpSink();
    const dataDir = mkdtempSync(join(tmpdir(), "crm-mail-"));
    const s = await createServer({
      port: 0,
      host: "127.0.0.1",
      dataDir,
      publicUrl: "http://crm.example.test:8080",
      peer: { enabled: true, runJobs: true },
      mail: mailConfigFromEnv({ SMTP_URL: sink.url, MAIL_FROM: "CRM <crm@example.test>" }),
    });
    try {
      const boss = await person(s, "Boss");
      const wsId = s.auth!.createWorkspace("Mailers", boss.userId).id;
      const res = await api(s, "POST", `/api/workspaces/${wsId}/invites`, {
        cookie: boss.cookie,
        body: { role: "viewer", email: "guest@example.test" },
        origin: s.url,
      });
      expect(res.status).toBe(201);
      await api(s, "POST", "/api/password-reset", { body: { email: boss.email } });
      await expect.poll(() => sink.messages.length, { timeout: 15_000 }).toBe(2);
      const byTo = Object.fromEntries(sink.messages.map((m) => [m.to[0], m.raw]));
      expect(headerOf(byTo["guest@example.test"]!, "Auto-Submitted")).toBe("auto-generated");
      const invite = await simpleParser(byTo["guest@example.test"]!);
      expect(invite.text).toContain(`http://crm.example.test:8080${res.json.path}`);
      expect(invite.subject).toContain("Boss invited you to Mailers");
      expect((await simpleParser(byTo[boss.email]!)).text).toMatch(
        /http:\/\/crm\.example\.test:8080\/reset-password\/[A-Za-z0-9_-]{40,}/,
      );
      // Delivered: the reset link is no longer kept in the log.
      const m = mailer(s.auth!.db, mailConfigFromEnv({})).store;
      expect(m).toBe(storeOf(s.auth!.db));
      await expect.poll(() => m.log(null).map((e) => e.status)).toEqual(["sent"]);
      expect(m.message(m.log(null)[0]!.id)!.text).not.toContain("reset-password");
    } finally {
      await s.close();
      await sink.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
