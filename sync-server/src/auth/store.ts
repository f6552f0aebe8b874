import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { isRole, newId, type Role } from "@crm/schema";
import Database from "better-sqlite3";
import { DB_FILE } from "../storage/sqlite.js";

/*
 * People, workspaces, memberships, sessions, invites, service tokens and the audit log, in the same
 * SQLite file as the documents (so one backup holds everything), on a connection of their own.
 *
 * Secrets (session ids, invite and token secrets) are 32 random bytes shown to their holder once;
 * only their SHA-256 is stored, so a stolen database file opens no session. Passwords are argon2id
 * hashes (passwords.ts). The audit log is append-only: triggers refuse UPDATE and DELETE.
 */

export const AUTH_SCHEMA_VERSION = 1;

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: number;
}
export interface Workspace {
  id: string;
  name: string;
  createdAt: number;
}
export interface Membership {
  workspaceId: string;
  workspaceName: string;
  role: Role;
}
export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  addedAt: number;
}
export interface Session {
  userId: string;
  createdAt: number;
  expiresAt: number;
}
export interface Invite {
  id: string;
  workspaceId: string;
  role: Role;
  email: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  revokedAt: number | null;
}
export interface ServiceToken {
  id: string;
  workspaceId: string;
  role: Role;
  name: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}
export interface AuditEntry {
  id: number;
  at: number;
  workspaceId: string | null;
  actor: string;
  action: AuditAction;
  target: string;
  ip: string;
  detail: string;
}
export type AuditAction =
  | "sign-in"
  | "sign-in-failed"
  | "sign-out"
  | "setup"
  | "user-created"
  | "invite-created"
  | "invite-revoked"
  | "invite-accepted"
  | "role-changed"
  | "member-removed"
  | "token-minted"
  | "token-revoked"
  | "workspace-created"
  | "export"
  | "erasure";

/** What changed, so open connections can be re-checked at once (see app.ts). */
export type AccessChange =
  | { kind: "session-revoked"; sessionHash: string }
  | { kind: "member-changed"; userId: string; workspaceId: string }
  | { kind: "token-revoked"; tokenId: string };

export class AuthError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 429,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Workspace ids appear in document names: lower-case, `[a-z0-9_-]`, at most 64 characters. */
export function newWorkspaceId(): string {
  return `w${newId().slice(0, 15)}`;
}

const SERVICE_TOKEN = /^crm_([a-z0-9]{8,32})_([A-Za-z0-9_-]{20,})$/;

type Row = Record<string, unknown>;

export class AuthStore {
  readonly db: Database.Database;
  private readonly listeners = new Set<(change: AccessChange) => void>();

  /** `dataDir` → `<dataDir>/crm.sqlite` (shared with the document storage); none → in memory. */
  constructor(dataDir?: string) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.db = new Database(dataDir ? join(dataDir, DB_FILE) : ":memory:");
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    this.migrate();
  }

  private migrate(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS auth_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS auth_users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS auth_workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS auth_members (
        workspace_id TEXT NOT NULL REFERENCES auth_workspaces(id),
        user_id TEXT NOT NULL REFERENCES auth_users(id),
        role TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, user_id)
      );
      CREATE TABLE IF NOT EXISTS auth_sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES auth_users(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS auth_sessions_user ON auth_sessions(user_id);
      CREATE TABLE IF NOT EXISTS auth_invites (
        id TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL UNIQUE,
        workspace_id TEXT NOT NULL REFERENCES auth_workspaces(id),
        role TEXT NOT NULL,
        email TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        accepted_at INTEGER,
        accepted_by TEXT,
        revoked_at INTEGER
      );
      CREATE TABLE IF NOT EXISTS auth_tokens (
        id TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL,
        workspace_id TEXT NOT NULL REFERENCES auth_workspaces(id),
        role TEXT NOT NULL,
        name TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER
      );
      CREATE TABLE IF NOT EXISTS audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        workspace_id TEXT,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        ip TEXT NOT NULL,
        detail TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS audit_log_workspace ON audit_log(workspace_id, id);
      CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `);
    this.db
      .prepare("INSERT OR IGNORE INTO auth_meta (key, value) VALUES ('schema_version', ?)")
      .run(String(AUTH_SCHEMA_VERSION));
  }

  onAccessChange(listener: (change: AccessChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: AccessChange): void {
    for (const l of this.listeners) l(change);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // --- users -------------------------------------------------------------------------------

  userCount(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM auth_users").get() as { n: number }).n;
  }

  createUser(input: { email: string; name: string; passwordHash: string }, now = Date.now()): User {
    const email = input.email.trim();
    if (this.userByEmail(email)) throw new AuthError(409, "email-taken", "an account with this email exists", "email");
    const user: User = { id: newId(), email, name: input.name.trim(), createdAt: now };
    this.db
      .prepare("INSERT INTO auth_users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(user.id, user.email, user.name, input.passwordHash, now);
    return user;
  }

  userByEmail(email: string): (User & { passwordHash: string }) | undefined {
    const row = this.db.prepare("SELECT * FROM auth_users WHERE email = ?").get(email.trim()) as Row | undefined;
    return row ? { ...toUser(row), passwordHash: String(row.password_hash) } : undefined;
  }

  user(id: string): User | undefined {
    const row = this.db.prepare("SELECT * FROM auth_users WHERE id = ?").get(id) as Row | undefined;
    return row ? toUser(row) : undefined;
  }

  setPasswordHash(userId: string, passwordHash: string): void {
    this.db.prepare("UPDATE auth_users SET password_hash = ? WHERE id = ?").run(passwordHash, userId);
  }

  // --- workspaces and members ----------------------------------------------------------------

  /** A new workspace owned by `ownerId`; `id` only for tools that need a known one (benchmarks). */
  createWorkspace(name: string, ownerId: string, now = Date.now(), id = newWorkspaceId()): Workspace {
    const ws: Workspace = { id, name: name.trim(), createdAt: now };
    this.db.transaction(() => {
      this.db.prepare("INSERT INTO auth_workspaces (id, name, created_at) VALUES (?, ?, ?)").run(ws.id, ws.name, now);
      this.db
        .prepare("INSERT INTO auth_members (workspace_id, user_id, role, added_at) VALUES (?, ?, 'owner', ?)")
        .run(ws.id, ownerId, now);
    })();
    return ws;
  }

  workspace(id: string): Workspace | undefined {
    const row = this.db.prepare("SELECT * FROM auth_workspaces WHERE id = ?").get(id) as Row | undefined;
    return row ? { id: String(row.id), name: String(row.name), createdAt: Number(row.created_at) } : undefined;
  }

  memberships(userId: string): Membership[] {
    const rows = this.db
      .prepare(
        `SELECT m.workspace_id, w.name, m.role FROM auth_members m JOIN auth_workspaces w ON w.id = m.workspace_id
         WHERE m.user_id = ? ORDER BY w.name, w.id`,
      )
      .all(userId) as Row[];
    return rows.map((r) => ({
      workspaceId: String(r.workspace_id),
      workspaceName: String(r.name),
      role: r.role as Role,
    }));
  }

  roleOf(userId: string, workspaceId: string): Role | undefined {
    const row = this.db
      .prepare("SELECT role FROM auth_members WHERE workspace_id = ? AND user_id = ?")
      .get(workspaceId, userId) as Row | undefined;
    return row && isRole(row.role) ? row.role : undefined;
  }

  members(workspaceId: string): Member[] {
    const rows = this.db
      .prepare(
        `SELECT m.user_id, u.email, u.name, m.role, m.added_at FROM auth_members m JOIN auth_users u ON u.id = m.user_id
         WHERE m.workspace_id = ? ORDER BY u.name, u.email`,
      )
      .all(workspaceId) as Row[];
    return rows.map((r) => ({
      userId: String(r.user_id),
      email: String(r.email),
      name: String(r.name),
      role: r.role as Role,
      addedAt: Number(r.added_at),
    }));
  }

  addMember(workspaceId: string, userId: string, role: Role, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO auth_members (workspace_id, user_id, role, added_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`,
      )
      .run(workspaceId, userId, role, now);
    this.emit({ kind: "member-changed", userId, workspaceId });
  }

  setRole(workspaceId: string, userId: string, role: Role): void {
    this.guardLastOwner(workspaceId, userId, role);
    const changed = this.db
      .prepare("UPDATE auth_members SET role = ? WHERE workspace_id = ? AND user_id = ?")
      .run(role, workspaceId, userId).changes;
    if (!changed) throw new AuthError(404, "no-member", "this person is not a member of the workspace");
    this.emit({ kind: "member-changed", userId, workspaceId });
  }

  removeMember(workspaceId: string, userId: string): void {
    this.guardLastOwner(workspaceId, userId, undefined);
    const changed = this.db
      .prepare("DELETE FROM auth_members WHERE workspace_id = ? AND user_id = ?")
      .run(workspaceId, userId).changes;
    if (!changed) throw new AuthError(404, "no-member", "this person is not a member of the workspace");
    this.emit({ kind: "member-changed", userId, workspaceId });
  }

  /** A workspace always keeps an owner: the last one can be neither demoted nor removed. */
  private guardLastOwner(workspaceId: string, userId: string, newRole: Role | undefined): void {
    if (this.roleOf(userId, workspaceId) !== "owner" || newRole === "owner") return;
    const owners = this.db
      .prepare("SELECT COUNT(*) AS n FROM auth_members WHERE workspace_id = ? AND role = 'owner'")
      .get(workspaceId) as { n: number };
    if (owners.n <= 1) throw new AuthError(409, "last-owner", "a workspace needs at least one owner", "role");
  }

  // --- sessions --------------------------------------------------------------------------------

  /** A new session; returns the secret for the cookie (only its hash is stored). */
  createSession(userId: string, ttlMs: number, now = Date.now()): { secret: string; session: Session } {
    const secret = newSecret();
    const session: Session = { userId, createdAt: now, expiresAt: now + ttlMs };
    this.db
      .prepare("INSERT INTO auth_sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
      .run(hashSecret(secret), userId, now, session.expiresAt);
    return { secret, session };
  }

  /** The live session of a cookie secret; expired sessions are deleted on sight. */
  session(secret: string, now = Date.now()): (Session & { hash: string }) | undefined {
    const hash = hashSecret(secret);
    const row = this.db.prepare("SELECT * FROM auth_sessions WHERE id_hash = ?").get(hash) as Row | undefined;
    if (!row) return undefined;
    if (Number(row.expires_at) <= now) {
      this.db.prepare("DELETE FROM auth_sessions WHERE id_hash = ?").run(hash);
      return undefined;
    }
    return { hash, userId: String(row.user_id), createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) };
  }

  revokeSession(secret: string): void {
    const hash = hashSecret(secret);
    if (this.db.prepare("DELETE FROM auth_sessions WHERE id_hash = ?").run(hash).changes)
      this.emit({ kind: "session-revoked", sessionHash: hash });
  }

  // --- invites ---------------------------------------------------------------------------------

  createInvite(
    input: { workspaceId: string; role: Role; email: string; createdBy: string; ttlMs: number },
    now = Date.now(),
  ): { secret: string; invite: Invite } {
    const secret = newSecret();
    const invite: Invite = {
      id: newId().slice(0, 12),
      workspaceId: input.workspaceId,
      role: input.role,
      email: input.email.trim(),
      createdBy: input.createdBy,
      createdAt: now,
      expiresAt: now + input.ttlMs,
      acceptedAt: null,
      revokedAt: null,
    };
    this.db
      .prepare(
        `INSERT INTO auth_invites (id, secret_hash, workspace_id, role, email, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        invite.id,
        hashSecret(secret),
        invite.workspaceId,
        invite.role,
        invite.email,
        invite.createdBy,
        now,
        invite.expiresAt,
      );
    return { secret, invite };
  }

  /** The invite of a link's secret, if it can still be accepted; otherwise why not. */
  openInvite(secret: string, now = Date.now()): Invite {
    const row = this.db.prepare("SELECT * FROM auth_invites WHERE secret_hash = ?").get(hashSecret(secret)) as
      | Row
      | undefined;
    if (!row) throw new AuthError(404, "invite-unknown", "this invite link is not valid; ask for a new one");
    const invite = toInvite(row);
    if (invite.revokedAt) throw new AuthError(410, "invite-revoked", "this invite was withdrawn; ask for a new one");
    if (invite.acceptedAt) throw new AuthError(410, "invite-used", "this invite was already used; sign in instead");
    if (invite.expiresAt <= now)
      throw new AuthError(410, "invite-expired", "this invite has expired; ask for a new one");
    return invite;
  }

  markInviteAccepted(id: string, userId: string, now = Date.now()): void {
    this.db.prepare("UPDATE auth_invites SET accepted_at = ?, accepted_by = ? WHERE id = ?").run(now, userId, id);
  }

  invites(workspaceId: string): Invite[] {
    return (
      this.db
        .prepare("SELECT * FROM auth_invites WHERE workspace_id = ? ORDER BY created_at DESC LIMIT 200")
        .all(workspaceId) as Row[]
    ).map(toInvite);
  }

  revokeInvite(workspaceId: string, id: string, now = Date.now()): void {
    const changed = this.db
      .prepare(
        "UPDATE auth_invites SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND revoked_at IS NULL AND accepted_at IS NULL",
      )
      .run(now, id, workspaceId).changes;
    if (!changed) throw new AuthError(404, "invite-unknown", "no open invite with this id");
  }

  // --- service tokens --------------------------------------------------------------------------

  mintToken(
    input: { workspaceId: string; role: Role; name: string; createdBy: string; ttlMs?: number },
    now = Date.now(),
  ): { token: string; info: ServiceToken } {
    if (!this.workspace(input.workspaceId))
      throw new AuthError(404, "no-workspace", `no workspace ${input.workspaceId}`, "workspace");
    const id = newId().slice(0, 16);
    const secret = newSecret();
    const info: ServiceToken = {
      id,
      workspaceId: input.workspaceId,
      role: input.role,
      name: input.name.trim() || "service token",
      createdBy: input.createdBy,
      createdAt: now,
      expiresAt: input.ttlMs ? now + input.ttlMs : null,
      revokedAt: null,
    };
    this.db
      .prepare(
        `INSERT INTO auth_tokens (id, secret_hash, workspace_id, role, name, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, hashSecret(secret), info.workspaceId, info.role, info.name, info.createdBy, now, info.expiresAt);
    return { token: `crm_${id}_${secret}`, info };
  }

  /** The live token of a `crm_<id>_<secret>` string, or undefined (unknown, wrong, expired, revoked). */
  tokenFor(token: string, now = Date.now()): ServiceToken | undefined {
    const m = SERVICE_TOKEN.exec(token);
    if (!m) return undefined;
    const row = this.db.prepare("SELECT * FROM auth_tokens WHERE id = ?").get(m[1]) as Row | undefined;
    if (!row || row.secret_hash !== hashSecret(m[2]!)) return undefined;
    const info = toToken(row);
    if (info.revokedAt || (info.expiresAt !== null && info.expiresAt <= now)) return undefined;
    return info;
  }

  tokens(workspaceId: string): ServiceToken[] {
    return (
      this.db
        .prepare("SELECT * FROM auth_tokens WHERE workspace_id = ? ORDER BY created_at DESC LIMIT 500")
        .all(workspaceId) as Row[]
    ).map(toToken);
  }

  revokeToken(workspaceId: string, id: string, now = Date.now()): void {
    const changed = this.db
      .prepare("UPDATE auth_tokens SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND revoked_at IS NULL")
      .run(now, id, workspaceId).changes;
    if (!changed) throw new AuthError(404, "token-unknown", "no active token with this id");
    this.emit({ kind: "token-revoked", tokenId: id });
  }

  // --- audit log -------------------------------------------------------------------------------

  audit(entry: Omit<AuditEntry, "id" | "at" | "detail"> & { detail?: unknown; at?: number }): void {
    this.db
      .prepare(
        "INSERT INTO audit_log (at, workspace_id, actor, action, target, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        entry.at ?? Date.now(),
        entry.workspaceId,
        entry.actor,
        entry.action,
        entry.target,
        entry.ip,
        entry.detail === undefined ? "" : JSON.stringify(entry.detail),
      );
  }

  /** Newest first; `before` pages back by id. Entries without a workspace (sign-ins) of its members too. */
  auditLog(workspaceId: string, options: { before?: number; limit?: number } = {}): AuditEntry[] {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
    const rows = this.db
      .prepare(
        `SELECT * FROM audit_log
         WHERE (workspace_id = ? OR (workspace_id IS NULL AND actor IN
                (SELECT user_id FROM auth_members WHERE workspace_id = ?)))
           AND id < ?
         ORDER BY id DESC LIMIT ?`,
      )
      .all(workspaceId, workspaceId, options.before ?? Number.MAX_SAFE_INTEGER, limit) as Row[];
    return rows.map((r) => ({
      id: Number(r.id),
      at: Number(r.at),
      workspaceId: r.workspace_id === null ? null : String(r.workspace_id),
      actor: String(r.actor),
      action: r.action as AuditAction,
      target: String(r.target),
      ip: String(r.ip),
      detail: String(r.detail),
    }));
  }
}

function toUser(row: Row): User {
  return { id: String(row.id), email: String(row.email), name: String(row.name), createdAt: Number(row.created_at) };
}

function toInvite(row: Row): Invite {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    role: row.role as Role,
    email: String(row.email),
    createdBy: String(row.created_by),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    acceptedAt: row.accepted_at == null ? null : Number(row.accepted_at),
    revokedAt: row.revoked_at == null ? null : Number(row.revoked_at),
  };
}

function toToken(row: Row): ServiceToken {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    role: row.role as Role,
    name: String(row.name),
    createdBy: String(row.created_by),
    createdAt: Number(row.created_at),
    expiresAt: row.expires_at == null ? null : Number(row.expires_at),
    revokedAt: row.revoked_at == null ? null : Number(row.revoked_at),
  };
}
