import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type RunningServer } from "@crm/sync-server";
import Database from "better-sqlite3";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { mailConfigFromEnv } from "../mail/config.js";
import { storeOf } from "../mail/mailer.js";
import { type SmtpSink, smtpSink } from "../mail/testing.js";
import { recipientLinks } from "./links.js";
import { CONSENT_CONSUMER, CONSENT_ENSURE_JOB } from "./status.js";

/*
 * Consent end to end through a real server (`createServer`, the peer inside, jobs on) and a real
 * SMTP server on 127.0.0.1: double opt-in from the hosted form to "subscribed", the single-use
 * link, tampered tokens, RFC 8058 one-click, and a consent record for every status change made
 * through the REST API (the peer writes it when the writer did not).
 */

let dir: string | undefined;
let server: RunningServer | undefined;
let sink: SmtpSink | undefined;
afterEach(async () => {
  await server?.close();
  await sink?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  server = sink = dir = undefined;
});

async function start() {
  process.env.CONSENT_GRACE_MS = "200";
  process.env.SIGNUP_RATE_PER_MIN = "4";
  sink = await smtpSink();
  dir = mkdtempSync(join(tmpdir(), "crm-consent-"));
  server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    peer: { enabled: true, runJobs: true },
    mail: mailConfigFromEnv({ MAIL_FROM: "CRM <crm@example.test>", SMTP_URL: sink.url }),
  });
  const store = server.auth!;
  const owner = store.createUser({ email: "owner@example.test", name: "Owner", passwordHash: "x" });
  const ws = store.createWorkspace("Consent", owner.id).id;
  const token = store.mintToken({ workspaceId: ws, role: "admin", name: "t", createdBy: owner.id }).token;
  const base = `${server.url}/api/v1`;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const form = (path: string, fields: [string, string][]) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  const consents = async (contactId: string) =>
    ((await api("GET", `/consents?filter[contactId][is]=${contactId}&sort=at`)).body.data as Record<
      string,
      unknown
    >[]) ?? [];
  /**
   * The peer's consent work is over for every change made so far: its consumer has read the whole
   * change feed and no `consent.ensure` job is waiting — a consent that would still be written is
   * written by then (instead of sleeping and hoping).
   */
  const settled = async () => {
    const db = new Database(join(dir!, "data", "peer", `${ws}.sqlite`), { readonly: true, fileMustExist: true });
    try {
      await expect
        .poll(
          () => {
            const last = (db.prepare("SELECT max(seq) FROM changes").pluck().get() as number | null) ?? 0;
            const read = (db.prepare("SELECT seq FROM consumers WHERE name = ?").pluck().get(CONSENT_CONSUMER) ??
              0) as number;
            const waiting = db
              .prepare("SELECT count(*) FROM jobs WHERE kind = ? AND state IN ('queued', 'running')")
              .pluck()
              .get(CONSENT_ENSURE_JOB) as number;
            return read >= last && waiting === 0;
          },
          { timeout: 10_000 },
        )
        .toBe(true);
    } finally {
      db.close();
    }
  };
  return { ws, base, api, form, consents, settled, shared: store.db };
}

describe("double opt-in", () => {
  it("form → unconfirmed + consent → confirmation mail → link → subscribed; the link works once", async () => {
    const { ws, base, api, form, consents, settled } = await start();
    const page = await fetch(`${base}/public/${ws}/signup`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="email"');

    const posted = await form(`/public/${ws}/signup`, [
      ["email", "grace@example.org"],
      ["firstName", "Grace"],
      ["lastName", "Hopper"],
      ["topics", "newsletter"],
      ["consent", "yes"],
    ]);
    expect(posted.status).toBe(200);
    await expect.poll(() => sink!.messages.length, { timeout: 15_000 }).toBe(1);
    expect(sink!.messages[0]!.to).toEqual(["grace@example.org"]);
    const mail = await simpleParser(sink!.messages[0]!.raw);
    const link = /https?:\/\/\S+\/confirm\?token=\S+/.exec(mail.text ?? "")?.[0];
    expect(link).toBeDefined();

    const found = await api("GET", "/contacts?filter[email][is]=grace@example.org");
    const contact = (found.body.data as Record<string, unknown>[])[0]!;
    expect(contact).toMatchObject({ emailStatus: "unconfirmed", firstName: "Grace", emailTopics: ["newsletter"] });
    const id = contact.id as string;

    // Opening the link shows a button; only the POST confirms (a mail scanner's GET changes nothing).
    const confirmPage = await fetch(link!);
    expect(confirmPage.status).toBe(200);
    expect((await api("GET", `/contacts/${id}`)).body.emailStatus).toBe("unconfirmed");
    const token = new URL(link!).searchParams.get("token")!;
    const confirmed = await form(`/public/${ws}/confirm`, [["token", token]]);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("confirmed");
    expect((await api("GET", `/contacts/${id}`)).body.emailStatus).toBe("subscribed");

    const again = await form(`/public/${ws}/confirm`, [["token", token]]);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("already used");

    // Two changes, two consents — and the consumer adds none of its own (the peer wrote them).
    await settled();
    await expect
      .poll(async () => (await consents(id)).map((c) => [c.fromStatus, c.toStatus, c.method]))
      .toEqual([
        ["none", "unconfirmed", "form"],
        ["unconfirmed", "subscribed", "confirmationLink"],
      ]);
    const first = (await consents(id))[0]!;
    expect(first.wording).toContain("marketing email");
    expect(first.source).toMatch(/127\.0\.0\.1/);
  });

  it("refuses a tampered or foreign token, names wrong fields, and rate-limits per address", async () => {
    const { ws, form } = await start();
    const bad = await form(`/public/${ws}/signup`, [["email", "not-an-email"]]);
    expect(bad.status).toBe(422);
    const text = await bad.text();
    expect(text).toContain('id="email-error"');
    expect(text).toContain('id="consent-error"');
    expect(text).toContain('value="not-an-email"');

    const { url } = recipientLinks(server!.auth!.db, {
      origin: server!.url,
      workspace: ws,
      contactId: "someone",
      unsubscribeMailbox: "unsubscribe@example.test",
    });
    const token = new URL(url).searchParams.get("token")!;
    const [payload, mac] = token.split(".");
    const forged = `${Buffer.from(JSON.stringify({ p: "confirm", w: ws, c: "someone", n: "x" })).toString("base64url")}.${mac}`;
    expect((await form(`/public/${ws}/confirm`, [["token", forged]])).status).toBe(400);
    expect((await form(`/public/${ws}/confirm`, [["token", `${payload}.${mac}x`]])).status).toBe(400);
    // A recipient token is not a confirmation token, nor good for another workspace.
    expect((await form(`/public/${ws}/confirm`, [["token", token]])).status).toBe(400);
    expect(
      (await fetch(`${server!.url}/api/v1/public/other/unsubscribe?token=${token}`, { method: "POST" })).status,
    ).toBe(400);

    // SIGNUP_RATE_PER_MIN=4: one was used above.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await form(`/public/${ws}/signup`, [["email", "x"]])).status);
    expect(statuses).toEqual([422, 422, 422, 429]);
  });
});

describe("one-click unsubscribe and consent records", () => {
  it("writes a consent for every status change made through the API, and refuses subscribed without a basis", async () => {
    const { api, consents, settled } = await start();
    const refused = await api("POST", "/contacts", {
      lastName: "Noether",
      email: "emmy@example.org",
      emailStatus: "subscribed",
    });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain("emailStatus");

    const made = await api("POST", "/contacts", {
      lastName: "Noether",
      email: "emmy@example.org",
      emailStatus: "subscribed",
      emailConsentBasis: "Asked for the newsletter by phone, 2026-12-01",
    });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    await expect
      .poll(async () => (await consents(id)).map((c) => [c.fromStatus, c.toStatus, c.method, c.wording]), {
        timeout: 10_000,
      })
      .toEqual([["none", "subscribed", "api", "Asked for the newsletter by phone, 2026-12-01"]]);

    expect((await api("PATCH", `/contacts/${id}`, { emailStatus: "bounced" })).status).toBe(200);
    await expect
      .poll(async () => (await consents(id)).map((c) => [c.fromStatus, c.toStatus]), { timeout: 10_000 })
      .toEqual([
        ["none", "subscribed"],
        ["subscribed", "bounced"],
      ]);
    // Other edits write none.
    expect((await api("PATCH", `/contacts/${id}`, { firstName: "Emmy" })).status).toBe(200);
    await settled();
    expect(await consents(id)).toHaveLength(2);
  });

  it("POST List-Unsubscribe=One-Click unsubscribes, suppresses the address, and is idempotent", async () => {
    const { ws, api, consents, shared, settled } = await start();
    const made = await api("POST", "/contacts", {
      lastName: "Lamarr",
      email: "hedy@example.org",
      emailStatus: "subscribed",
      emailConsentBasis: "Trade show 2026",
    });
    const id = made.body.id as string;
    const links = recipientLinks(shared, {
      origin: server!.url,
      workspace: ws,
      contactId: id,
      unsubscribeMailbox: "unsubscribe@example.test",
    });
    expect(links.mailto).toMatch(/^mailto:unsubscribe@example\.test\?subject=unsubscribe%20/);
    const oneClick = () =>
      fetch(links.url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
    const wrongBody = await fetch(links.url, { method: "POST", body: "hello" });
    expect(wrongBody.status).toBe(400);
    const first = await oneClick();
    expect(first.status).toBe(200);
    expect((await api("GET", `/contacts/${id}`)).body.emailStatus).toBe("unsubscribed");
    expect(storeOf(shared).suppressedBecause("hedy@example.org", ws)).toMatch(/unsubscribed/);
    expect((await oneClick()).status).toBe(200);
    await settled();
    const all = (await consents(id)).map((c) => [c.fromStatus, c.toStatus, c.method]);
    expect(all).toEqual([
      ["none", "subscribed", "api"],
      ["subscribed", "unsubscribed", "unsubscribeLink"],
    ]);

    // The preference page shows the status and takes topics.
    const prefs = await fetch(links.preferences);
    expect(prefs.status).toBe(200);
    expect(await prefs.text()).toContain('data-status="unsubscribed"');
  });
});
