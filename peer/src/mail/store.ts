import { createHash } from "node:crypto";
import { newId } from "@crm/schema";
import type Database from "better-sqlite3";
import { SqliteJobStore } from "../jobs/sqlite.js";
import { addressOf } from "./config.js";
import type { MailInput, MailLogEntry, MailMessage, MailStatus, StoredSpec, SuppressionCheck } from "./types.js";

/*
 * The mail subsystem's tables in the server's shared database, so every process of the
 * installation sees them: the server enqueues (an invite, a password reset), whichever process
 * holds the jobs lease sends.
 *
 * - `mail_log`: one row per message (unique by the caller's key), with what to send and the last
 *   SMTP answer. Kept after sending: the admin's outbox and log.
 * - `mail_jobs`: the durable queue (the peer's `SqliteJobStore` on its own table), one job per
 *   message, keyed `mail:<key>`; its payload is the log row's id.
 * - `mail_suppressions`: addresses never sent to (unsubscribed, bounced, complained, by hand).
 */

export const MAIL_JOB = "mail.send";

type Row = Record<string, unknown>;

function toEntry(r: Row): MailLogEntry {
  return {
    id: String(r.id),
    key: String(r.key),
    messageId: String(r.message_id),
    workspace: r.workspace == null ? null : String(r.workspace),
    category: String(r.category),
    from: String(r.sender),
    to: String(r.recipient),
    cc: JSON.parse(String(r.cc)) as string[],
    subject: String(r.subject),
    status: r.status as MailStatus,
    response: r.response == null ? null : String(r.response),
    attempts: Number(r.attempts),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    sentAt: r.sent_at == null ? null : Number(r.sent_at),
  };
}

/** `<hash of the key>@domain`: the same key always gives the same Message-ID (receivers dedupe by it). */
export function messageIdFor(key: string, domain: string): string {
  return `<${createHash("sha256").update(key).digest("hex").slice(0, 40)}@${domain}>`;
}

export interface EnqueuedMail {
  id: string;
  messageId: string;
  /** False when a message with this key existed already (nothing new was queued). */
  created: boolean;
}

const LOG_CAP = 5000;

export class MailStore {
  readonly queue: SqliteJobStore;
  private readonly checks: SuppressionCheck[] = [];

  constructor(readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS mail_log (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        message_id TEXT NOT NULL,
        workspace TEXT,
        category TEXT NOT NULL,
        sender TEXT NOT NULL,
        recipient TEXT NOT NULL,
        cc TEXT NOT NULL,
        subject TEXT NOT NULL,
        text_body TEXT NOT NULL,
        html_body TEXT,
        spec TEXT NOT NULL,
        sensitive INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        response TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        sent_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS mail_log_ws ON mail_log (workspace, created_at);
      CREATE TABLE IF NOT EXISTS mail_suppressions (
        address TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        at INTEGER NOT NULL
      );
    `);
    this.queue = new SqliteJobStore(db, "mail_jobs");
  }

  /**
   * Records the message and its send job in one transaction (sync: callable inside the caller's
   * own transaction on this database). The same `key` again returns the first message.
   */
  enqueue(input: MailInput, defaults: { from: string; domain: string }, now = Date.now()): EnqueuedMail {
    if (!input.key) throw new Error("a message needs an idempotency key");
    if (!addressOf(input.to).includes("@")) throw new Error(`not an email address: ${input.to}`);
    return this.db.transaction((): EnqueuedMail => {
      const existing = this.db.prepare("SELECT id, message_id FROM mail_log WHERE key = ?").get(input.key) as
        | { id: string; message_id: string }
        | undefined;
      if (existing) return { id: existing.id, messageId: existing.message_id, created: false };
      const id = newId();
      const messageId = messageIdFor(input.key, defaults.domain);
      const headers: Record<string, string> = { ...input.headers };
      if (input.autoSubmitted) headers["Auto-Submitted"] = input.autoSubmitted;
      const unsub = input.listUnsubscribe;
      const links = [unsub?.url, unsub?.mailto].filter((v): v is string => !!v).map((v) => `<${v}>`);
      if (links.length) headers["List-Unsubscribe"] = links.join(", ");
      if (unsub?.url?.startsWith("https://")) headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
      const spec: StoredSpec = {
        from: input.from ?? defaults.from,
        to: input.to,
        cc: input.cc ?? [],
        subject: input.subject,
        messageId,
        date: now,
        ...(input.replyTo ? { replyTo: input.replyTo } : {}),
        ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
        ...(input.references?.length ? { references: input.references } : {}),
        headers,
      };
      this.db
        .prepare(
          `INSERT INTO mail_log (id, key, message_id, workspace, category, sender, recipient, cc, subject, text_body,
             html_body, spec, sensitive, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
        )
        .run(
          id,
          input.key,
          messageId,
          input.workspace ?? null,
          input.category ?? "other",
          spec.from,
          spec.to,
          JSON.stringify(spec.cc),
          spec.subject,
          input.text,
          input.html ?? null,
          JSON.stringify(spec),
          input.sensitive ? 1 : 0,
          now,
          now,
        );
      this.queue.enqueueNow({ kind: MAIL_JOB, key: `mail:${input.key}`, payload: { id }, maxAttempts: 40 }, now);
      return { id, messageId, created: true };
    })();
  }

  message(id: string): MailMessage | undefined {
    const r = this.db.prepare("SELECT * FROM mail_log WHERE id = ?").get(id) as Row | undefined;
    if (!r) return undefined;
    return {
      ...toEntry(r),
      text: String(r.text_body),
      html: r.html_body == null ? null : String(r.html_body),
      spec: JSON.parse(String(r.spec)) as StoredSpec,
    };
  }

  byKey(key: string): MailLogEntry | undefined {
    const r = this.db.prepare("SELECT * FROM mail_log WHERE key = ?").get(key) as Row | undefined;
    return r ? toEntry(r) : undefined;
  }

  /** A workspace's messages, newest first (`workspace` null: the installation's own). */
  log(workspace: string | null, limit = 100, status?: MailStatus): MailLogEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM mail_log WHERE workspace IS ? ${status ? "AND status = ?" : ""}
         ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(...(status ? [workspace, status, limit] : [workspace, limit])) as Row[];
    return rows.map(toEntry);
  }

  /** Records an attempt's outcome. A delivered sensitive message's body is dropped. */
  mark(id: string, status: MailStatus, response: string | null, now = Date.now()): void {
    const done = status === "sent";
    this.db
      .prepare(
        `UPDATE mail_log SET status = ?, response = ?, attempts = attempts + ?, updated_at = ?,
           sent_at = CASE WHEN ? THEN ? ELSE sent_at END,
           text_body = CASE WHEN ? AND sensitive = 1 THEN '(not kept: it held a secret link)' ELSE text_body END,
           html_body = CASE WHEN ? AND sensitive = 1 THEN NULL ELSE html_body END
         WHERE id = ?`,
      )
      .run(
        status,
        response?.slice(0, 1000) ?? null,
        status === "queued" ? 0 : 1,
        now,
        done ? 1 : 0,
        now,
        done ? 1 : 0,
        done ? 1 : 0,
        id,
      );
  }

  /** Keeps the log bounded: the oldest finished messages beyond `cap`. */
  prune(cap = LOG_CAP): void {
    this.db
      .prepare(
        `DELETE FROM mail_log WHERE status NOT IN ('queued', 'deferred') AND id NOT IN
           (SELECT id FROM mail_log ORDER BY created_at DESC LIMIT ?)`,
      )
      .run(cap);
  }

  // --- suppression -----------------------------------------------------------------------------

  suppress(address: string, reason: string, now = Date.now()): void {
    this.db
      .prepare(
        "INSERT INTO mail_suppressions (address, reason, at) VALUES (?, ?, ?) ON CONFLICT (address) DO UPDATE SET reason = excluded.reason, at = excluded.at",
      )
      .run(normal(address), reason, now);
  }

  unsuppress(address: string): boolean {
    return this.db.prepare("DELETE FROM mail_suppressions WHERE address = ?").run(normal(address)).changes === 1;
  }

  suppressions(limit = 1000): { address: string; reason: string; at: number }[] {
    return this.db.prepare("SELECT address, reason, at FROM mail_suppressions ORDER BY at DESC LIMIT ?").all(limit) as {
      address: string;
      reason: string;
      at: number;
    }[];
  }

  /** A later feature's own list (a campaign's unsubscribes): consulted before every send, after the table. */
  addSuppressionCheck(check: SuppressionCheck): () => void {
    this.checks.push(check);
    return () => {
      const i = this.checks.indexOf(check);
      if (i >= 0) this.checks.splice(i, 1);
    };
  }

  /** Why this address must not be mailed now, or undefined. */
  suppressedBecause(address: string, workspace: string | null): string | undefined {
    const row = this.db.prepare("SELECT reason FROM mail_suppressions WHERE address = ?").get(normal(address)) as
      | { reason: string }
      | undefined;
    if (row) return row.reason;
    for (const check of this.checks) {
      const why = check(normal(address), workspace);
      if (why) return why;
    }
    return undefined;
  }
}

function normal(address: string): string {
  return addressOf(address).toLowerCase();
}
