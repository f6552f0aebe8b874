import { randomBytes } from "node:crypto";
import type { StoredRecord } from "@crm/schema";
import type Database from "better-sqlite3";
import type { AddressObject, ParsedMail } from "mailparser";
import { jobRecordId, type PeerJobContext, type WorkspacePeer } from "../peer.js";

/*
 * Sales email logging (issue 13): each member has a personal address `log+<token>@INBOUND_DOMAIN`
 * to BCC (or forward to). Mail arriving there — through the SMTP listener or the MIME webhook —
 * is logged as an `email` activity on the timeline of every contact it was addressed to (To/Cc,
 * matched by email; none is created), and of each of their open deals; it opens no case.
 *
 * The token is kept readable (the address is shown in the member's settings whenever they look),
 * one active per member and workspace; regenerating revokes the old one, which is then refused at
 * RCPT time like any unknown address. Rows live in the shared database (`inbound_logging`): the
 * listener and the job may run in different processes.
 */

export interface LoggingAddress {
  token: string;
  workspace: string;
  userId: string;
  createdAt: number;
}

const TOKEN = /^[a-z0-9]{24}$/;

export class LoggingAddresses {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS inbound_logging (
      token TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
    CREATE INDEX IF NOT EXISTS inbound_logging_member ON inbound_logging (workspace_id, user_id, revoked_at);`);
  }

  /** The member's active address, made on first use. */
  forMember(workspace: string, userId: string): LoggingAddress {
    return this.db.transaction(() => this.active(workspace, userId) ?? this.make(workspace, userId))();
  }

  /** A new address for the member; the old one is refused from now on. */
  regenerate(workspace: string, userId: string): LoggingAddress {
    return this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE inbound_logging SET revoked_at = ? WHERE workspace_id = ? AND user_id = ? AND revoked_at IS NULL",
        )
        .run(Date.now(), workspace, userId);
      return this.make(workspace, userId);
    })();
  }

  /** The active address of a token, or undefined (unknown or revoked). */
  lookup(token: string): LoggingAddress | undefined {
    if (!TOKEN.test(token)) return undefined;
    const r = this.db.prepare("SELECT * FROM inbound_logging WHERE token = ? AND revoked_at IS NULL").get(token) as
      | Row
      | undefined;
    return r && row(r);
  }

  private active(workspace: string, userId: string): LoggingAddress | undefined {
    const r = this.db
      .prepare("SELECT * FROM inbound_logging WHERE workspace_id = ? AND user_id = ? AND revoked_at IS NULL")
      .get(workspace, userId) as Row | undefined;
    return r && row(r);
  }

  private make(workspace: string, userId: string): LoggingAddress {
    // 24 base-36 characters (~124 bits): local parts are read lower-cased, so no upper case.
    const token = [...randomBytes(24)].map((b) => (b % 36).toString(36)).join("");
    const createdAt = Date.now();
    this.db
      .prepare("INSERT INTO inbound_logging (token, workspace_id, user_id, created_at) VALUES (?, ?, ?, ?)")
      .run(token, workspace, userId, createdAt);
    return { token, workspace, userId, createdAt };
  }
}

interface Row {
  token: string;
  workspace_id: string;
  user_id: string;
  created_at: number;
}
const row = (r: Row): LoggingAddress => ({
  token: r.token,
  workspace: r.workspace_id,
  userId: r.user_id,
  createdAt: r.created_at,
});

const stores = new WeakMap<Database.Database, LoggingAddresses>();
export function loggingAddresses(db: Database.Database): LoggingAddresses {
  const known = stores.get(db);
  if (known) return known;
  const made = new LoggingAddresses(db);
  stores.set(db, made);
  return made;
}

export const loggingAddress = (token: string, domain: string) => `log+${token}@${domain}`;

/** The token of a logging address on our domain (`log+<token>@domain`), else undefined. */
export function loggingTokenOf(address: string, domain: string): string | undefined {
  const m = /^log\+([^@]+)@(.+)$/i.exec(address.trim());
  if (!m || m[2]!.toLowerCase() !== domain) return undefined;
  return m[1]!.toLowerCase();
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : [])
    .flatMap((x) => x.value.flatMap((v) => (v.group ? v.group : [v])))
    .map((v) => v.address?.toLowerCase() ?? "")
    .filter(Boolean);

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/**
 * Logs one message for its member: an activity per contact addressed (To/Cc) and per open deal of
 * that contact. Record ids come from the message (its Message-ID, else the spool row) and the
 * record it is about, so a rerun after a crash, or the same message sent again, writes nothing twice.
 */
export async function logMessage(
  ctx: PeerJobContext,
  mail: ParsedMail,
  o: { owner: string; spoolId: string; receivedAt: number; ownDomain: string },
): Promise<{ logged: string[]; contacts: number }> {
  const peer = ctx.peer;
  const wanted = new Set([...addresses(mail.to), ...addresses(mail.cc)].filter((a) => !a.endsWith(`@${o.ownDomain}`)));
  const subject = cut((mail.subject ?? "").trim() || "(no subject)", 300);
  const at = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.getTime() : o.receivedAt;
  const messageKey = `bcc:${peer.workspace}:${mail.messageId ?? o.spoolId}`;
  const logged: string[] = [];
  let contacts = 0;
  for (const address of [...wanted].sort()) {
    for (const contact of contactsWith(peer, address)) {
      contacts++;
      const base = { kind: "email", subject, dueAt: at, done: true, doneAt: at, owner: o.owner };
      const targets: { key: string; input: StoredRecord }[] = [
        {
          key: `contact:${contact.id}`,
          input: { ...base, relatedType: "contact", relatedId: contact.id, accountId: contact.accountId },
        },
        // The deals' copies leave the account empty: the account's timeline shows the mail once
        // (from the contact's copy).
        ...openDealsOf(peer, contact).map((id) => ({
          key: `deal:${id}`,
          input: { ...base, relatedType: "opportunity", relatedId: id, accountId: "" },
        })),
      ];
      for (const t of targets) {
        const id = jobRecordId(`${messageKey}:${t.key}`, 0);
        if (!peer.get("activities", id)) {
          const written = await peer.create("activities", t.input, { actor: ctx.actor, id });
          if (!written.ok) throw new Error(`the logged email could not be written: ${JSON.stringify(written.issues)}`);
        }
        logged.push(id);
      }
    }
  }
  return { logged, contacts };
}

function contactsWith(peer: WorkspacePeer, address: string): { id: string; accountId: string }[] {
  const page = peer.list("contacts", { filters: [{ field: "email", op: "is", value: address }], limit: 20 });
  const exact = page.records
    .map((r) => JSON.parse(r) as { id: string; email?: string; accountId?: string })
    .filter((c) => c.email?.toLowerCase() === address);
  if (exact.length) return exact.map((c) => ({ id: c.id, accountId: c.accountId ?? "" }));
  // Stored with other capitals: the filter's "is" may be case-sensitive.
  const loose = peer.list("contacts", { filters: [{ field: "email", op: "contains", value: address }], limit: 20 });
  return loose.records
    .map((r) => JSON.parse(r) as { id: string; email?: string; accountId?: string })
    .filter((c) => c.email?.toLowerCase() === address)
    .map((c) => ({ id: c.id, accountId: c.accountId ?? "" }));
}

function openDealsOf(peer: WorkspacePeer, contact: { id: string }): string[] {
  const closed = new Set(
    peer
      .settings()
      .pipelineStages.filter((s) => s.kind !== "open")
      .map((s) => s.id),
  );
  return peer
    .list("opportunities", { filters: [{ field: "contactId", op: "is", value: contact.id }], limit: 50 })
    .records.map((r) => JSON.parse(r) as { id: string; stage?: string })
    .filter((d) => !closed.has(d.stage ?? ""))
    .map((d) => d.id);
}
