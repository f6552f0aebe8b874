import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dkimTxtValue, dnsRecords, type MailConfig, mailConfigFromEnv } from "./config.js";
import { Mailer } from "./mailer.js";
import type { MailSender } from "./send.js";
import { headerOf, type SmtpSink, smtpSink } from "./testing.js";
import type { MailInput } from "./types.js";

let dir: string;
let keyFile: string;
let txt: string;
const open: { sink?: SmtpSink; sender?: MailSender; db?: Database.Database }[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mail-"));
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  keyFile = join(dir, "dkim.pem");
  writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }));
  txt = dkimTxtValue(privateKey.export({ type: "pkcs8", format: "pem" }).toString());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.sender?.stop();
    await o.sink?.close();
    o.db?.close();
  }
});

/** The published key: what a verifier's DNS lookup of `sel._domainkey.example.test` answers. */
const resolver = async (name: string, type: string) => {
  if (type === "TXT" && name === "sel._domainkey.example.test") return [[txt]];
  throw Object.assign(new Error(`no ${type} record for ${name}`), { code: "ENOTFOUND" });
};

function config(env: Record<string, string>): MailConfig {
  return mailConfigFromEnv({ MAIL_FROM: "CRM <crm@example.test>", MAIL_RATE_PER_SEC: "1000", ...env });
}

async function setup(o: { smtp?: Parameters<typeof smtpSink>[0] | false; env?: Record<string, string> } = {}) {
  const sink = o.smtp === false ? undefined : await smtpSink(o.smtp ?? {});
  const db = new Database(":memory:");
  const env = {
    ...(sink ? { SMTP_URL: sink.url } : {}),
    DKIM_DOMAIN: "example.test",
    DKIM_SELECTOR: "sel",
    DKIM_PRIVATE_KEY_FILE: keyFile,
    ...o.env,
  };
  const mailer = new Mailer(db, config(env));
  const sender = mailer.startSending({ retryBaseMs: 20, maxPauseMs: 200, pollMs: 50 });
  open.push({ sink, sender, db });
  return { sink, db, mailer, sender };
}

const message = (key: string, extra: Partial<MailInput> = {}): MailInput => ({
  key,
  to: "Ada <ada@example.org>",
  subject: `Hello ${key}`,
  text: "Plain text body",
  html: "<p>HTML <b>body</b></p>",
  workspace: "w1",
  category: "test",
  ...extra,
});

async function settled(mailer: Mailer, key: string, statuses = ["sent", "failed", "outbox", "suppressed"]) {
  await expect.poll(() => mailer.store.byKey(key)?.status, { timeout: 10_000 }).toBeOneOf(statuses);
  return mailer.store.byKey(key)!;
}

describe("mail subsystem over a real SMTP server", () => {
  it("delivers a message once, with a Message-ID derived from its key, and logs the SMTP answer", async () => {
    const { sink, mailer } = await setup();
    const first = mailer.enqueue(message("k1", { autoSubmitted: "auto-generated" }));
    const again = mailer.enqueue(message("k1", { subject: "changed" }));
    expect(again).toEqual({ ...first, created: false });
    const entry = await settled(mailer, "k1");
    expect(entry.status).toBe("sent");
    expect(entry.response).toMatch(/^250/);
    expect(sink!.messages).toHaveLength(1);
    const raw = sink!.messages[0]!.raw;
    expect(sink!.messages[0]!.to).toEqual(["ada@example.org"]);
    expect(headerOf(raw, "Message-ID")).toBe(first.messageId);
    expect(first.messageId).toMatch(/^<[0-9a-f]{40}@example\.test>$/);
    expect(headerOf(raw, "Subject")).toBe("Hello k1");
    expect(headerOf(raw, "Auto-Submitted")).toBe("auto-generated");
    // The same key in another installation's database gives the same Message-ID.
    const other = new Mailer(new Database(":memory:"), mailer.config);
    expect(other.enqueue(message("k1")).messageId).toBe(first.messageId);
  });

  it("signs with DKIM, List-Unsubscribe and List-Unsubscribe-Post inside the signature; mailauth verifies it against the published key", async () => {
    const { sink, mailer } = await setup();
    mailer.enqueue(
      message("bulk", {
        listUnsubscribe: {
          url: "https://crm.example.test/u/abc",
          mailto: "mailto:unsubscribe@example.test?subject=abc",
        },
        inReplyTo: "<parent@example.org>",
        references: ["<root@example.org>", "<parent@example.org>"],
      }),
    );
    await settled(mailer, "bulk");
    const raw = sink!.messages[0]!.raw;
    expect(headerOf(raw, "List-Unsubscribe")).toBe(
      "<https://crm.example.test/u/abc>, <mailto:unsubscribe@example.test?subject=abc>",
    );
    expect(headerOf(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(headerOf(raw, "In-Reply-To")).toBe("<parent@example.org>");
    expect(headerOf(raw, "References")).toBe("<root@example.org> <parent@example.org>");
    const result = await dkimVerify(raw, { resolver });
    expect(result.results).toHaveLength(1);
    expect(result.results[0]!.status.result).toBe("pass");
    const signed = result.results[0]!.signingHeaders!.keys.toLowerCase().split(": ");
    expect(signed).toEqual(expect.arrayContaining(["list-unsubscribe", "list-unsubscribe-post", "from", "subject"]));
    // The check can fail: a changed signed header does not verify.
    const tampered = raw.replace("List-Unsubscribe=One-Click", "List-Unsubscribe=Two-Clicks");
    expect((await dkimVerify(tampered, { resolver })).results[0]!.status.result).not.toBe("pass");
  });

  it("pauses on 454 and retries: three throttled attempts, then exactly one delivery", async () => {
    const { sink, mailer } = await setup({ smtp: { onMail: (n) => (n <= 3 ? 454 : undefined) } });
    mailer.enqueue(message("throttled"));
    await expect.poll(() => mailer.store.byKey("throttled")?.status, { timeout: 10_000 }).toBe("deferred");
    expect(mailer.store.byKey("throttled")!.response).toMatch(/^454/);
    const entry = await settled(mailer, "throttled");
    expect(entry.status).toBe("sent");
    expect(entry.attempts).toBe(4);
    expect(sink!.mailCommands).toBe(4);
    expect(sink!.messages).toHaveLength(1);
    expect(await mailer.store.queue.counts()).toMatchObject({ done: 1, queued: 0, running: 0, dead: 0 });
  });

  it("records a 550 as failed for good, with the answer, and does not retry", async () => {
    const { sink, mailer } = await setup({ smtp: { onRcpt: (a) => (a === "nobody@example.org" ? 550 : undefined) } });
    mailer.enqueue(message("refused", { to: "nobody@example.org" }));
    mailer.enqueue(message("fine"));
    const entry = await settled(mailer, "refused");
    expect(entry.status).toBe("failed");
    expect(entry.response).toMatch(/550/);
    expect((await settled(mailer, "fine")).status).toBe("sent");
    expect(sink!.messages.map((m) => m.to)).toEqual([["ada@example.org"]]);
    await expect.poll(async () => (await mailer.store.queue.counts()).done).toBe(2);
    expect(mailer.store.byKey("refused")!.attempts).toBe(1);
  });

  it("keeps every message in the outbox, not delivered, when no SMTP_URL is set", async () => {
    const { mailer } = await setup({ smtp: false });
    mailer.enqueue(message("local"));
    const entry = await settled(mailer, "local");
    expect(entry.status).toBe("outbox");
    expect(entry.response).toMatch(/not delivered/);
    const m = mailer.store.message(entry.id)!;
    expect(m.text).toBe("Plain text body");
    expect(m.html).toContain("<b>body</b>");
    expect(await mailer.headers(m)).toMatch(/^Message-ID: <[0-9a-f]{40}@example\.test>$/m);
    // Encoded words are shown as text: a long Chinese subject folded over several lines.
    const zh = mailer.enqueue(
      message("zh", { subject: "邀请你加入工作区 · Ada Owner invited you to Acme Sales · 邀请你加入" }),
    );
    await settled(mailer, "zh");
    expect(await mailer.headers(mailer.store.message(zh.id)!)).toMatch(
      /^Subject: 邀请你加入工作区 · Ada Owner invited you to Acme Sales · 邀请你加入$/m,
    );
  });

  it("a message sent again after a crash before it was marked carries the same Message-ID", async () => {
    const { sink, mailer, db } = await setup();
    const { messageId } = mailer.enqueue(message("crash"));
    await settled(mailer, "crash");
    // As if the process died after the 250 and before the row and the job said so.
    db.prepare("UPDATE mail_log SET status = 'queued' WHERE key = 'crash'").run();
    db.prepare("UPDATE mail_jobs SET state = 'queued', run_at = 0 WHERE key = 'mail:crash'").run();
    mailer.store.queue.onEnqueued?.();
    await expect.poll(() => sink!.messages.length).toBe(2);
    expect(new Set(sink!.messages.map((m) => headerOf(m.raw, "Message-ID")))).toEqual(new Set([messageId]));
  });

  it("spaces messages by MAIL_RATE_PER_SEC", async () => {
    const { sink, mailer } = await setup({ env: { MAIL_RATE_PER_SEC: "20" } });
    const started = Date.now();
    for (let i = 0; i < 6; i++) mailer.enqueue(message(`rate${i}`));
    await expect.poll(() => sink!.messages.length, { timeout: 10_000 }).toBe(6);
    // Six messages 50 ms apart take at least 250 ms, however fast the server is.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});

describe("suppression", () => {
  it("never sends to a suppressed address (table or a feature's check), and sends again once lifted", async () => {
    const { sink, mailer } = await setup();
    mailer.store.suppress("ADA@example.org", "unsubscribed");
    expect(mailer.store.suppressedBecause("ada@EXAMPLE.org", "w1")).toBe("unsubscribed");
    mailer.enqueue(message("s1"));
    const entry = await settled(mailer, "s1");
    expect(entry.status).toBe("suppressed");
    expect(entry.response).toBe("suppressed: unsubscribed");
    expect(mailer.store.suppressions()).toEqual([
      { address: "ada@example.org", reason: "unsubscribed", at: expect.any(Number) },
    ]);

    const off = mailer.store.addSuppressionCheck((address, ws) =>
      address === "bo@example.org" && ws === "w1" ? "bounced" : undefined,
    );
    mailer.enqueue(message("s2", { to: "bo@example.org", cc: ["ada@example.org", "cy@example.org"] }));
    expect((await settled(mailer, "s2")).status).toBe("suppressed");
    off();
    mailer.enqueue(message("s3", { to: "bo@example.org", cc: ["ada@example.org", "cy@example.org"] }));
    expect((await settled(mailer, "s3")).status).toBe("sent");
    // The suppressed cc is left out of the envelope.
    expect(sink!.messages.map((m) => m.to)).toEqual([["bo@example.org", "cy@example.org"]]);

    expect(mailer.store.unsuppress("ada@example.org")).toBe(true);
    mailer.enqueue(message("s4"));
    expect((await settled(mailer, "s4")).status).toBe("sent");
  });
});

describe("configuration", () => {
  it("reads the environment and refuses what cannot work", () => {
    expect(mailConfigFromEnv({})).toMatchObject({ from: "CRM <crm@localhost>", ratePerSec: 50 });
    expect(() => mailConfigFromEnv({ SMTP_URL: "http://x" })).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => mailConfigFromEnv({ MAIL_RATE_PER_SEC: "0" })).toThrow(/MAIL_RATE_PER_SEC/);
    expect(mailConfigFromEnv({ DKIM_DOMAIN: "a.test" }).dkimProblem).toMatch(/needs all/);
    expect(
      mailConfigFromEnv({ DKIM_DOMAIN: "a.test", DKIM_SELECTOR: "s", DKIM_PRIVATE_KEY_FILE: join(dir, "none.pem") })
        .dkimProblem,
    ).toMatch(/none\.pem/);
  });

  it("lists SPF, the DKIM key and DMARC to publish", () => {
    const records = dnsRecords(
      config({ DKIM_DOMAIN: "example.test", DKIM_SELECTOR: "sel", DKIM_PRIVATE_KEY_FILE: keyFile }),
    );
    expect(records).toEqual([
      { kind: "spf", type: "TXT", name: "example.test", value: "v=spf1 mx a ~all" },
      { kind: "dkim", type: "TXT", name: "sel._domainkey.example.test", value: txt },
      expect.objectContaining({ kind: "dmarc", name: "_dmarc.example.test" }),
    ]);
    expect(txt).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/);
  });
});
