import type { Transporter } from "nodemailer";
import { JobRunner } from "../jobs/runner.js";
import type { Job } from "../jobs/types.js";
import { type Logger, silentLogger } from "../logger.js";
import { addressOf, type MailConfig } from "./config.js";
import { MAIL_JOB, type MailStore } from "./store.js";
import type { MailMessage } from "./types.js";

/*
 * Sending: one `mail.send` job per message, run by the process that runs jobs (the server, or a
 * `crm-server worker`). The job re-reads its log row — a message already sent, kept in the
 * outbox, suppressed or failed is left alone — checks suppression, waits for the throttle and
 * any pause, and hands the message to a pooled nodemailer transport that DKIM-signs it.
 *
 * - 2xx: `sent`, the answer recorded. A crash after the 250 and before the row says so sends it
 *   once more, with the same Message-ID (derived from the caller's key), which receivers dedupe.
 * - 4xx or a lost connection: `deferred`, the job retried with backoff; 421/451/454 (and any 4xx)
 *   also pause every send of this process (doubling up to `maxPauseMs`, reset by a success), so a
 *   throttling server sees us back off instead of being hammered by the other queued messages.
 * - 5xx: `failed` for good, the answer recorded; the job ends (retrying cannot help).
 */

export interface MailSenderOptions {
  store: MailStore;
  config: MailConfig;
  logger?: Logger;
  /** First retry delay and pause after a temporary failure (ms); default 5 s, doubling. */
  retryBaseMs?: number;
  /** Longest pause/retry delay (ms); default 10 min. */
  maxPauseMs?: number;
  /** How often other processes' enqueues are looked for (ms); default 1 s. */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

/**
 * The SMTP transport of a configuration (pooled, DKIM-signing), or null for the outbox.
 * nodemailer is loaded when first needed: a server that sends nothing does not pay its start-up.
 */
export async function smtpTransport(config: MailConfig, pool = true): Promise<Transporter | null> {
  if (!config.smtpUrl) return null;
  const { createTransport } = await import("nodemailer");
  return createTransport({
    url: config.smtpUrl,
    pool,
    maxConnections: config.concurrency,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    ...(config.dkim ? { dkim: config.dkim } : {}),
  } as Parameters<typeof createTransport>[0]);
}

/** What nodemailer is given for a stored message. */
export function nodemailerMessage(m: MailMessage, cc = m.spec.cc) {
  const s = m.spec;
  return {
    from: s.from,
    to: s.to,
    ...(cc.length ? { cc } : {}),
    subject: s.subject,
    text: m.text,
    ...(m.html ? { html: m.html } : {}),
    messageId: s.messageId,
    date: new Date(s.date),
    ...(s.replyTo ? { replyTo: s.replyTo } : {}),
    ...(s.inReplyTo ? { inReplyTo: s.inReplyTo } : {}),
    ...(s.references ? { references: s.references } : {}),
    headers: s.headers,
    envelope: { from: addressOf(s.from), to: [addressOf(s.to), ...cc.map(addressOf)] },
  };
}

interface SmtpError extends Error {
  responseCode?: number;
  response?: string;
}

export class MailSender {
  private transport: Promise<Transporter | null> | null = null;
  private readonly runner: JobRunner<null>;
  private readonly logger: Logger;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private nextSlot = 0;
  private pausedUntil = 0;
  private pauseMs: number;

  constructor(private readonly o: MailSenderOptions) {
    this.logger = o.logger ?? silentLogger;
    this.baseMs = o.retryBaseMs ?? 5000;
    this.maxMs = o.maxPauseMs ?? 600_000;
    this.pauseMs = this.baseMs;
    this.runner = new JobRunner<null>({
      store: o.store.queue,
      context: () => null,
      logger: this.logger,
      concurrency: o.config.concurrency,
      pollMs: o.pollMs ?? 1000,
    });
    this.runner.register(MAIL_JOB, (job) => this.deliver(job), {
      retryDelay: (attempt) => Math.min(this.maxMs, this.baseMs * 2 ** Math.max(0, attempt - 1)),
    });
  }

  /** Starts sending (only in the process that holds the jobs lease: it requeues what a dead one held). */
  start(): void {
    this.o.store.queue.requeueAbandoned();
    this.o.store.queue.prune(30 * 24 * 3600_000);
    this.o.store.prune();
    this.o.store.queue.onEnqueued = () => this.runner.wake();
    this.runner.start();
  }

  async stop(): Promise<void> {
    if (this.o.store.queue.onEnqueued) this.o.store.queue.onEnqueued = null;
    await this.runner.stop();
    (await this.transport)?.close();
  }

  /** Until when sending is paused after a throttling answer (ms; 0 when not). */
  get pausedUntilMs(): number {
    return this.pausedUntil > Date.now() ? this.pausedUntil : 0;
  }

  private async deliver(job: Job): Promise<unknown> {
    const { id } = job.payload as { id: string };
    const store = this.o.store;
    const m = store.message(id);
    if (!m) return { missing: id };
    if (m.status !== "queued" && m.status !== "deferred") return { status: m.status };
    const suppressed = store.suppressedBecause(m.to, m.workspace);
    if (suppressed) {
      store.mark(id, "suppressed", `suppressed: ${suppressed}`);
      return { status: "suppressed" };
    }
    const cc = m.cc.filter((a) => !store.suppressedBecause(a, m.workspace));
    this.transport ??= smtpTransport(this.o.config);
    const transport = await this.transport;
    if (!transport) {
      store.mark(id, "outbox", "not delivered: no SMTP_URL is configured");
      return { status: "outbox" };
    }
    await this.throttle();
    try {
      const info = (await transport.sendMail(nodemailerMessage(m, cc))) as { response?: string };
      store.mark(id, "sent", info.response ?? "250");
      this.pauseMs = this.baseMs;
      return { status: "sent" };
    } catch (err) {
      const e = err as SmtpError;
      const answer = e.response ?? e.message;
      if (e.responseCode !== undefined && e.responseCode >= 500) {
        store.mark(id, "failed", answer);
        this.logger.warn("mail refused", { id, code: e.responseCode, response: answer });
        return { status: "failed", code: e.responseCode };
      }
      if (e.responseCode !== undefined && e.responseCode >= 400) this.pause();
      if (job.attempts >= job.maxAttempts) {
        store.mark(id, "failed", `gave up after ${job.attempts} attempts: ${answer}`);
        return { status: "failed" };
      }
      store.mark(id, "deferred", answer);
      throw new Error(`deferred: ${answer}`);
    }
  }

  private pause(): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + this.pauseMs);
    this.logger.warn("mail paused after a temporary SMTP answer", { ms: this.pauseMs });
    this.pauseMs = Math.min(this.maxMs, this.pauseMs * 2);
  }

  /** Waits out a pause, then for this message's slot (`1 / MAIL_RATE_PER_SEC` apart). */
  private async throttle(): Promise<void> {
    for (;;) {
      const wait = this.pausedUntil - Date.now();
      if (wait <= 0) break;
      await sleep(wait);
    }
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.o.config.ratePerSec;
    if (slot > now) await sleep(slot - now);
  }
}
