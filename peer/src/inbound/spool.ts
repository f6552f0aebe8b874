import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import type Database from "better-sqlite3";

/*
 * Inbound mail's durable state, in the server's shared database (FeatureEnv.shared): the SMTP
 * listener and the `/inbound/mime` route (either process) store a message here BEFORE answering
 * 250/202, and the jobs-running peer of its workspace turns it into records. A message is a row
 * until a job marks it done (or ignored: a loop, a bounce). Attachments are kept here too, so
 * every process of the installation can serve them. All SQL of the feature is in this class.
 */

export type SpoolState = "new" | "done" | "ignored" | "failed";

export interface SpoolEntry {
  id: string;
  workspace: string;
  /** The envelope's MAIL FROM ("" for the null sender), lower-cased. */
  sender: string;
  recipients: string[];
  raw: Buffer;
  source: "smtp" | "webhook";
  receivedAt: number;
  state: SpoolState;
  /** What the job made of it ({caseId, messageId} or {reason}). */
  result: unknown;
}

export interface StoredAttachment {
  id: string;
  workspace: string;
  messageRecordId: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

type Row = Record<string, unknown>;

/** In-process: a message was spooled (the sweeper of its workspace looks at once). */
const spooled = new EventEmitter();
spooled.setMaxListeners(0);

export class InboundSpool {
  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS inbound_spool (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        sender TEXT NOT NULL,
        recipients TEXT NOT NULL,
        raw BLOB NOT NULL,
        source TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        state TEXT NOT NULL,
        result TEXT
      );
      CREATE INDEX IF NOT EXISTS inbound_spool_state ON inbound_spool (workspace_id, state, received_at);
      CREATE INDEX IF NOT EXISTS inbound_spool_sender ON inbound_spool (sender, received_at);
      CREATE TABLE IF NOT EXISTS inbound_attachments (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        message_record_id TEXT NOT NULL,
        filename TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        data BLOB NOT NULL,
        created_at INTEGER NOT NULL
      );
    `);
  }

  /** Stores a message durably (the shared database is synchronous=FULL); returns its id. */
  add(input: { workspace: string; sender: string; recipients: string[]; raw: Buffer; source: SpoolEntry["source"] }) {
    const id = `in_${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;
    this.db
      .prepare(
        `INSERT INTO inbound_spool (id, workspace_id, sender, recipients, raw, source, received_at, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'new')`,
      )
      .run(
        id,
        input.workspace,
        input.sender.toLowerCase(),
        JSON.stringify(input.recipients),
        input.raw,
        input.source,
        Date.now(),
      );
    spooled.emit("spooled", input.workspace);
    return id;
  }

  get(id: string): SpoolEntry | undefined {
    const r = this.db.prepare("SELECT * FROM inbound_spool WHERE id = ?").get(id) as Row | undefined;
    return r ? toEntry(r) : undefined;
  }

  /** Ids of the workspace's messages no job finished yet, oldest first. */
  pending(workspace: string, limit = 500): string[] {
    return this.db
      .prepare("SELECT id FROM inbound_spool WHERE workspace_id = ? AND state = 'new' ORDER BY received_at, id LIMIT ?")
      .pluck()
      .all(workspace, limit) as string[];
  }

  finish(id: string, state: Exclude<SpoolState, "new">, result: unknown): void {
    this.db
      .prepare("UPDATE inbound_spool SET state = ?, result = ? WHERE id = ?")
      .run(state, JSON.stringify(result), id);
  }

  /** Messages stored from this sender since `since` (the per-sender rate limit). */
  countFrom(sender: string, since: number): number {
    return Number(
      this.db
        .prepare("SELECT COUNT(*) FROM inbound_spool WHERE sender = ? AND received_at > ?")
        .pluck()
        .get(sender.toLowerCase(), since),
    );
  }

  /** Stores an attachment once (its id is derived from the message, so a rerun finds it). */
  putAttachment(a: StoredAttachment): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO inbound_attachments
           (id, workspace_id, message_record_id, filename, content_type, size, data, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.id, a.workspace, a.messageRecordId, a.filename, a.contentType, a.size, a.data, Date.now());
  }

  attachment(workspace: string, id: string): StoredAttachment | undefined {
    const r = this.db
      .prepare("SELECT * FROM inbound_attachments WHERE workspace_id = ? AND id = ?")
      .get(workspace, id) as Row | undefined;
    if (!r) return undefined;
    return {
      id: String(r.id),
      workspace: String(r.workspace_id),
      messageRecordId: String(r.message_record_id),
      filename: String(r.filename),
      contentType: String(r.content_type),
      size: Number(r.size),
      data: r.data as Buffer,
    };
  }

  /** Calls `listener(workspace)` whenever this process spools a message; returns the unsubscribe. */
  static onSpooled(listener: (workspace: string) => void): () => void {
    spooled.on("spooled", listener);
    return () => spooled.off("spooled", listener);
  }
}

function toEntry(r: Row): SpoolEntry {
  return {
    id: String(r.id),
    workspace: String(r.workspace_id),
    sender: String(r.sender),
    recipients: JSON.parse(String(r.recipients)) as string[],
    raw: r.raw as Buffer,
    source: r.source as SpoolEntry["source"],
    receivedAt: Number(r.received_at),
    state: r.state as SpoolState,
    result: r.result == null ? null : JSON.parse(String(r.result)),
  };
}

const spools = new WeakMap<Database.Database, InboundSpool>();

/** The one spool of a shared database (its tables created on first use). */
export function inboundSpool(db: Database.Database): InboundSpool {
  let s = spools.get(db);
  if (!s) {
    s = new InboundSpool(db);
    spools.set(db, s);
  }
  return s;
}
