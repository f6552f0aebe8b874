import type Database from "better-sqlite3";
import { type Logger, silentLogger } from "../logger.js";
import { addressOf, dnsRecords, domainOf, type MailConfig, redactedUrl } from "./config.js";
import { MailSender, type MailSenderOptions, nodemailerMessage, smtpTransport } from "./send.js";
import { type EnqueuedMail, MailStore } from "./store.js";
import type { MailInput, MailMessage } from "./types.js";

/*
 * The one entry point other features use: `mailer(shared, config)` is the installation's mail
 * subsystem over the server's shared database. Enqueue from anywhere (the server's auth routes,
 * a peer's job); the process that runs jobs sends (`startSending`).
 */

export interface MailCheck {
  smtp: { configured: boolean; url: string | null; reachable: boolean | null; answer: string | null };
  dkim: { present: boolean; domain: string | null; selector: string | null; problem: string | null };
  from: string;
}

export class Mailer {
  readonly store: MailStore;

  constructor(
    db: Database.Database,
    readonly config: MailConfig,
  ) {
    this.store = storeOf(db);
  }

  /** The domain of Message-IDs: the DKIM domain, else the sender's. */
  get domain(): string {
    return this.config.dkim?.domainName ?? domainOf(this.config.from);
  }

  /** Records a message to send (durably, once per `input.key`); see MailInput. */
  enqueue(input: MailInput, now = Date.now()): EnqueuedMail {
    return this.store.enqueue(input, { from: this.config.from, domain: this.domain }, now);
  }

  /** Starts the sender in this process (the jobs lease holder's). */
  startSending(options: Omit<MailSenderOptions, "store" | "config"> = {}): MailSender {
    const sender = new MailSender({ store: this.store, config: this.config, ...options });
    sender.start();
    return sender;
  }

  /** SMTP reachable (an EHLO/AUTH round trip, no message), DKIM key present. */
  async check(timeoutMs = 10_000): Promise<MailCheck> {
    const c = this.config;
    const out: MailCheck = {
      smtp: { configured: !!c.smtpUrl, url: c.smtpUrl ? redactedUrl(c.smtpUrl) : null, reachable: null, answer: null },
      dkim: {
        present: !!c.dkim,
        domain: c.dkim?.domainName ?? null,
        selector: c.dkim?.keySelector ?? null,
        problem: c.dkimProblem ?? null,
      },
      from: c.from,
    };
    const transport = await smtpTransport({ ...c, dkim: undefined } as MailConfig, false);
    if (!transport) return out;
    try {
      await Promise.race([
        transport.verify(),
        new Promise((_r, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)),
      ]);
      out.smtp.reachable = true;
      out.smtp.answer = "ready";
    } catch (err) {
      out.smtp.reachable = false;
      out.smtp.answer = (err as { response?: string }).response ?? (err as Error).message;
    } finally {
      transport.close();
    }
    return out;
  }

  dnsRecords() {
    return dnsRecords(this.config);
  }

  /**
   * The message's header block as composed for sending, DKIM-Signature included when a key is
   * set; encoded words (RFC 2047) decoded for reading.
   */
  async headers(m: MailMessage): Promise<string> {
    const { createTransport } = await import("nodemailer");
    const t = createTransport({
      streamTransport: true,
      buffer: true,
      newline: "unix",
      ...(this.config.dkim ? { dkim: this.config.dkim } : {}),
    } as Parameters<typeof createTransport>[0]);
    const info = (await t.sendMail(nodemailerMessage(m))) as { message: Buffer };
    const raw = info.message.toString("utf8");
    const end = raw.indexOf("\n\n");
    return decodeWords(end < 0 ? raw : raw.slice(0, end));
  }
}

/** RFC 2047 encoded words (nodemailer writes UTF-8 Q and B) as text; adjacent ones join without their fold. */
export function decodeWords(block: string): string {
  const joined = block.replace(/(\?=)\r?\n?[ \t]+(=\?)/g, "$1$2");
  return joined.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (word, charset: string, kind: string, text: string) => {
    if (!/^utf-?8$/i.test(charset)) return word;
    const bytes =
      kind.toUpperCase() === "B"
        ? Buffer.from(text, "base64")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            "latin1",
          );
    return bytes.toString("utf8");
  });
}

const stores = new WeakMap<Database.Database, MailStore>();

/** The one MailStore of a shared database (tables made on first use; suppression checks shared). */
export function storeOf(db: Database.Database): MailStore {
  let s = stores.get(db);
  if (!s) {
    s = new MailStore(db);
    stores.set(db, s);
  }
  return s;
}

const mailers = new WeakMap<Database.Database, Mailer>();

/** The installation's mail subsystem (one per shared database; `config` is taken the first time). */
export function mailer(db: Database.Database, config: MailConfig): Mailer {
  let m = mailers.get(db);
  if (!m) {
    m = new Mailer(db, config);
    mailers.set(db, m);
  }
  return m;
}

export function logMailConfig(config: MailConfig, logger: Logger = silentLogger): void {
  logger.info("mail", {
    smtp: config.smtpUrl ? redactedUrl(config.smtpUrl) : "none (outbox)",
    from: addressOf(config.from),
    dkim: config.dkim
      ? `${config.dkim.keySelector}._domainkey.${config.dkim.domainName}`
      : (config.dkimProblem ?? "off"),
    ratePerSec: config.ratePerSec,
  });
}
