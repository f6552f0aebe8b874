import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Mailer, mailConfigFromEnv } from "@crm/peer";
import { headerOf, smtpSink } from "@crm/peer/mail/testing";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { waitUntil } from "./testing/clients.js";
import { type CrmProcess, exited, freePort, startCrm } from "./testing/processes.js";

/*
 * The mail queue across SIGKILLs, as an SMTP server sees it: 40 messages are enqueued into the
 * shared database by another process (this test, as the server's /api does), a real
 * `crm-server serve` sends them to an SMTP server that stores each message 80 ms before it answers
 * 250 — so a kill often lands between "stored by the receiver" and "marked sent" — and is killed
 * with SIGKILL three times while sending. After a last start every message has arrived, each
 * Message-ID once per key; a second copy on the wire (the crash window) carries the same
 * Message-ID, and there are at most as many extra copies as sends in flight at the kills.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("mail across SIGKILLs of the sending server", () => {
  it("delivers every message, one Message-ID per key, extra copies only from the crash windows", async () => {
    const sink = await smtpSink({ answerDelayMs: 80 });
    const dataDir = mkdtempSync(join(tmpdir(), "crm-mail-crash-"));
    dirs.push(dataDir);
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      SMTP_URL: sink.url,
      MAIL_FROM: "CRM <crm@example.test>",
      MAIL_RATE_PER_SEC: "25",
    };
    let server: CrmProcess | undefined;
    try {
      server = await startCrm("serve", env, "listening");
      const db = new Database(join(dataDir, "crm.sqlite"));
      db.pragma("busy_timeout = 5000");
      const mailer = new Mailer(db, mailConfigFromEnv(env));
      const ids = new Map<string, string>();
      for (let i = 0; i < 40; i++) {
        const key = `crash:${i}`;
        ids.set(
          key,
          mailer.enqueue({ key, to: `r${i}@example.org`, subject: `Message ${i}`, text: `Body ${i}` }).messageId,
        );
      }
      const kills = [6, 16, 26];
      for (const after of kills) {
        await waitUntil(`${after} messages at the SMTP server`, () => sink.messages.length >= after, 30_000);
        server.child.kill("SIGKILL");
        await exited(server.child);
        server = await startCrm("serve", env, "listening");
      }
      const arrived = () => new Set(sink.messages.map((m) => headerOf(m.raw, "Message-ID")));
      await waitUntil("every message at the SMTP server", () => arrived().size >= 40, 60_000);
      expect([...arrived()].sort()).toEqual([...ids.values()].sort());
      await waitUntil(
        "every message marked sent",
        () => (db.prepare("SELECT COUNT(*) FROM mail_log WHERE status = 'sent'").pluck().get() as number) === 40,
        30_000,
      );
      // Extra copies: at most the sends in flight at each kill (5 connections).
      expect(sink.messages.length).toBeLessThanOrEqual(40 + kills.length * 5);
      for (const m of sink.messages) {
        const i = Number(/Message (\d+)/.exec(headerOf(m.raw, "Subject") ?? "")?.[1]);
        expect(headerOf(m.raw, "Message-ID")).toBe(ids.get(`crash:${i}`));
        expect(m.to).toEqual([`r${i}@example.org`]);
      }
      db.close();
    } finally {
      server?.child.kill("SIGKILL");
      if (server) await exited(server.child).catch(() => {});
      await sink.close();
    }
  }, 180_000);
});
