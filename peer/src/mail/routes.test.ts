import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MemberRole } from "@crm/schema";
import { createServer, type RunningServer } from "@crm/sync-server";
import { afterEach, describe, expect, it } from "vitest";
import { mailConfigFromEnv } from "./config.js";
import { storeOf } from "./mailer.js";
import { type SmtpSink, smtpSink } from "./testing.js";

/*
 * `/api/v1/mail/*` through the whole server (`createServer` with the peer on): admins only, the
 * setup and its SMTP check against a real server on 127.0.0.1 (and a closed port), the log of the
 * caller's workspace only, one message with its composed headers.
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

async function start(env: Record<string, string>) {
  dir = mkdtempSync(join(tmpdir(), "crm-mail-routes-"));
  server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    peer: { enabled: true, runJobs: true },
    mail: mailConfigFromEnv({ MAIL_FROM: "CRM <crm@example.test>", ...env }),
  });
  const store = server.auth!;
  const owner = store.createUser({ email: "owner@example.test", name: "Owner", passwordHash: "x" });
  const ws = store.createWorkspace("Mail", owner.id).id;
  const other = store.createWorkspace("Other", owner.id).id;
  const token = (role: MemberRole, workspaceId = ws) =>
    store.mintToken({ workspaceId, role, name: `t ${role}`, createdBy: owner.id }).token;
  const get = async (path: string, t: string) => {
    const res = await fetch(`${server!.url}/api/v1${path}`, { headers: { Authorization: `Bearer ${t}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { ws, other, token, get, mail: storeOf(store.db) };
}

describe("/api/v1/mail", () => {
  it("checks a reachable SMTP server and lists this workspace's messages, for admins only", async () => {
    sink = await smtpSink();
    const { ws, other, token, get, mail } = await start({ SMTP_URL: sink.url });
    const admin = token("admin");
    expect((await get("/mail/status", token("editor"))).status).toBe(403);
    expect((await get("/mail/messages", token("viewer"))).status).toBe(403);
    const status = await get("/mail/status", admin);
    expect(status.body).toMatchObject({
      smtp: { configured: true },
      dkim: { present: false },
      from: "CRM <crm@example.test>",
    });
    expect((status.body.dns as { kind: string }[]).map((r) => r.kind)).toEqual(["spf", "dmarc"]);
    const check = await get("/mail/check", admin);
    expect(check.body.smtp).toEqual({ configured: true, url: sink.url, reachable: true, answer: "ready" });

    const defaults = { from: "CRM <crm@example.test>", domain: "example.test" };
    mail.enqueue(
      { key: "a", to: "a@example.org", subject: "For us", text: "t", html: "<p>h</p>", workspace: ws },
      defaults,
    );
    mail.enqueue({ key: "b", to: "b@example.org", subject: "For them", text: "t", workspace: other }, defaults);
    await expect.poll(() => sink!.messages.length, { timeout: 10_000 }).toBe(2);
    await expect
      .poll(async () => ((await get("/mail/messages", admin)).body.data as { status: string }[]).map((m) => m.status))
      .toEqual(["sent"]);
    const [entry] = (await get("/mail/messages", admin)).body.data as {
      id: string;
      subject: string;
      response: string;
    }[];
    expect(entry).toMatchObject({ subject: "For us", response: expect.stringMatching(/^250/) });
    const one = await get(`/mail/messages/${entry!.id}`, admin);
    expect(one.body).toMatchObject({ subject: "For us", text: "t", html: "<p>h</p>" });
    expect(one.body.headers).toMatch(/^Subject: For us$/m);
    expect(one.body.headers).toMatch(/^Message-ID: <[0-9a-f]{40}@example\.test>$/m);
    const theirs = mail.byKey("b")!;
    expect((await get(`/mail/messages/${theirs.id}`, admin)).status).toBe(404);
    expect((await get("/mail/messages?limit=0", admin)).status).toBe(400);
    // Described in the document (and so walked by sync-server/src/openapi.test.ts).
    const doc = (await (await fetch(`${server!.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/mail/status",
        "/api/v1/mail/check",
        "/api/v1/mail/messages",
        "/api/v1/mail/messages/{id}",
      ]),
    );
  }, 30_000);

  it("says when the SMTP server cannot be reached, and keeps mail in the outbox without SMTP_URL", async () => {
    const { token, get } = await start({ SMTP_URL: "smtp://127.0.0.1:1" });
    const check = await get("/mail/check", token("owner"));
    expect(check.body.smtp).toMatchObject({
      configured: true,
      reachable: false,
      answer: expect.stringMatching(/ECONNREFUSED|connect/),
    });
    await server!.close();
    server = undefined;
    rmSync(dir!, { recursive: true, force: true });
    const second = await start({});
    const none = await second.get("/mail/check", second.token("owner"));
    expect(none.body.smtp).toEqual({ configured: false, url: null, reachable: null, answer: null });
    second.mail.enqueue(
      { key: "o", to: "o@example.org", subject: "Kept", text: "t", workspace: second.ws },
      { from: "CRM <crm@example.test>", domain: "example.test" },
    );
    await expect
      .poll(
        async () =>
          ((await second.get("/mail/messages", second.token("admin"))).body.data as { status: string }[])[0]?.status,
      )
      .toBe("outbox");
  }, 30_000);
});
