import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { authIssue, isRole, type MemberRole, newId, type Role, roles, sameEmail } from "@crm/schema";
import Database from "better-sqlite3";
import { DB_FILE } from "../storage/sqlite.js";
import { type AccessChange, AccessChanges, DEFAULT_ACCESS_POLL_MS } from "./accessChanges.js";
import { type AuditInput, appendAudit, readAuditLog } from "./audit.js";
import * as invites from "./invites.js";
import {
  type AuditEntry,
  AuthError,
  hashSecret,
  type Invite,
  type Member,
  type Membership,
  newSecret,
  newWorkspaceId,
  type Row,
  type ServiceToken,
  type Session,
  toToken,
  toUser,
  type User,
  type Workspace,
} from "./records.js";
import { createAuthTables } from "./tables.js";

export type { AccessChange } from "./accessChanges.js";
export * from "./records.js";

export const AUTH_SCHEMA_VERSION = 1;

/*
 * People, workspaces, memberships, sessions, invites, service tokens and the audit log, in the same
 * SQLite file as the documents (so one backup holds everything), on a connection of their own.
 *
 * Secrets (session ids, invite and token secrets) are 32 random bytes shown to their holder once;
 * only their SHA-256 is stored, so a stolen database file opens no session. Passwords are argon2id
 * hashes (passwords.ts). The audit log is append-only: triggers refuse UPDATE and DELETE.
 */

const SERVICE_TOKEN = /^crm_([a-z0-9]{8,32})_([A-Za-z0-9_-]{20,})$/;

const newWorkspaceKey = (id: string) => `peer-new-workspace:${id}`;

export class AuthStore {
  readonly db: Database.Database;
  private readonly changes: AccessChanges;
  private readonly keys = new Map<string, Buffer>();

  /**
   * `dataDir` → `<dataDir>/crm.sqlite` (shared with the document storage); none → in memory.
   * `accessPollMs`: how often a store with `onAccessChange` listeners looks for other processes'
   * access changes (0: never).
   */
  constructor(dataDir?: string, options: { accessPollMs?: number } = {}) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.db = new Database(dataDir ? join(dataDir, DB_FILE) : ":memory:");
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    this.migrate();
    this.changes = new AccessChanges(this.db, options.accessPollMs ?? DEFAULT_ACCESS_POLL_MS);
  }

  private migrate(): void {
    createAuthTables(this.db);
    this.db
      .prepare("INSERT OR IGNORE INTO auth_meta (key, value) VALUES ('schema_version', ?)")
      .run(String(AUTH_SCHEMA_VERSION));
  }

  /**
   * Hears every access change: this store's at once, other processes' (the CLI, another server on
   * the same database) within `accessPollMs` — polling runs while there are listeners.
   */
  onAccessChange(listener: (change: AccessChange) => void): () => void {
    return this.changes.listen(listener);
  }

  /** Reads other processes' access changes now (tests; the timer does it every `accessPollMs`). */
  pollAccessChanges(): number {
    return this.changes.poll();
  }

  /**
   * Runs `write` in one IMMEDIATE transaction together with the record of the access changes it
   * notes (so other processes see both or neither); this process's listeners hear them after commit.
   */
  private changing<T>(write: (note: (change: AccessChange) => void) => T): T {
    const noted: AccessChange[] = [];
    const result = this.db
      .transaction(() => {
        const r = write((change) => noted.push(change));
        for (const change of noted) this.changes.record(change);
        return r;
      })
      .immediate();
    for (const change of noted) this.changes.notify(change);
    return result;
  }

  close(): void {
    this.changes.stop();
    if (this.db.open) this.db.close();
  }

  /** A random key of this database (created on first use; the same for every process on it). */
  secretKey(name: string): Buffer {
    let value = this.keys.get(name);
    if (!value) {
      const key = `key:${name}`;
      this.db.prepare("INSERT OR IGNORE INTO auth_meta (key, value) VALUES (?, ?)").run(key, newSecret());
      const row = this.db.prepare("SELECT value FROM auth_meta WHERE key = ?").get(key) as { value: string };
      value = Buffer.from(row.value, "base64url");
      this.keys.set(name, value);
    }
    return value;
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
      // Every record of a workspace made from now on is news to the automation peer: its first
      // sync reports them as created (rules fire, webhooks deliver) however late it starts.
      this.db.prepare("INSERT OR REPLACE INTO auth_meta (key, value) VALUES (?, '1')").run(newWorkspaceKey(ws.id));
    })();
    return ws;
  }

  /**
   * Whether the automation peer running jobs has not yet made its first sync of a workspace this
   * server created (so that sync reports every record as created, not as the starting state).
   */
  isNewToPeer(workspaceId: string): boolean {
    return this.db.prepare("SELECT 1 FROM auth_meta WHERE key = ?").get(newWorkspaceKey(workspaceId)) !== undefined;
  }

  /** The peer running jobs made its first sync of the workspace: from now on a fresh peer starts from what is there. */
  seenByPeer(workspaceId: string): void {
    this.db.prepare("DELETE FROM auth_meta WHERE key = ?").run(newWorkspaceKey(workspaceId));
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
      role: r.role as MemberRole,
    }));
  }

  roleOf(userId: string, workspaceId: string): MemberRole | undefined {
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
      role: r.role as MemberRole,
      addedAt: Number(r.added_at),
    }));
  }

  addMember(workspaceId: string, userId: string, role: MemberRole, now = Date.now()): void {
    this.changing((note) => {
      this.upsertMember(workspaceId, userId, role, now);
      note({ kind: "member-changed", userId, workspaceId });
    });
  }

  private upsertMember(workspaceId: string, userId: string, role: MemberRole, now: number): void {
    this.db
      .prepare(
        `INSERT INTO auth_members (workspace_id, user_id, role, added_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`,
      )
      .run(workspaceId, userId, role, now);
  }

  setRole(workspaceId: string, userId: string, role: MemberRole): void {
    this.changing((note) => {
      this.guardLastOwner(workspaceId, userId, role);
      const changed = this.db
        .prepare("UPDATE auth_members SET role = ? WHERE workspace_id = ? AND user_id = ?")
        .run(role, workspaceId, userId).changes;
      if (!changed) throw new AuthError(404, "no-member", "this person is not a member of the workspace");
      note({ kind: "member-changed", userId, workspaceId });
    });
  }

  removeMember(workspaceId: string, userId: string): void {
    this.changing((note) => {
      this.guardLastOwner(workspaceId, userId, undefined);
      const changed = this.db
        .prepare("DELETE FROM auth_members WHERE workspace_id = ? AND user_id = ?")
        .run(workspaceId, userId).changes;
      if (!changed) throw new AuthError(404, "no-member", "this person is not a member of the workspace");
      note({ kind: "member-changed", userId, workspaceId });
    });
  }

  /** A workspace always keeps an owner: the last one can be neither demoted nor removed. */
  private guardLastOwner(workspaceId: string, userId: string, newRole: MemberRole | undefined): void {
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

  /** Ends every session of a person (a password reset); their open sockets close. Returns how many. */
  revokeUserSessions(userId: string): number {
    return this.changing((note) => {
      const hashes = this.db
        .prepare("DELETE FROM auth_sessions WHERE user_id = ? RETURNING id_hash")
        .pluck()
        .all(userId) as string[];
      for (const sessionHash of hashes) note({ kind: "session-revoked", sessionHash });
      return hashes.length;
    });
  }

  revokeSession(secret: string): void {
    const hash = hashSecret(secret);
    this.changing((note) => {
      if (this.db.prepare("DELETE FROM auth_sessions WHERE id_hash = ?").run(hash).changes)
        note({ kind: "session-revoked", sessionHash: hash });
    });
  }

  // --- invites ---------------------------------------------------------------------------------

  createInvite(
    input: { workspaceId: string; role: MemberRole; email: string; createdBy: string; ttlMs: number },
    now = Date.now(),
  ): { secret: string; invite: Invite } {
    return invites.create(this.db, input, now);
  }

  /** The invite of a link's secret, if it can still be accepted; otherwise why not. */
  openInvite(secret: string, now = Date.now()): Invite {
    return invites.open(this.db, secret, now);
  }

  /**
   * Accepts an invite, once: the checks (still open; bound to an address → only that address), the
   * new account if any, the membership and the invite's mark are one IMMEDIATE transaction, so of
   * concurrent accepts — in this process or any other on the database — exactly one succeeds.
   * Accepting never lowers a role the person already has (an old link opened again).
   */
  acceptInvite(
    secret: string,
    by: { userId: string } | { newUser: { email: string; name: string; passwordHash: string } },
    now = Date.now(),
  ): { invite: Invite; userId: string; created: boolean } {
    return this.changing((note) => {
      const invite = this.openInvite(secret, now);
      let userId: string;
      let created = false;
      if ("userId" in by) {
        const user = this.user(by.userId);
        if (!user) throw new AuthError(401, "signed-out", "sign in first");
        if (invite.email && !sameEmail(user.email, invite.email))
          throw new AuthError(
            403,
            "invite-other-account",
            `this invite is for ${invite.email}, and you are signed in as ${user.email}: sign out, then open the link again`,
          );
        userId = user.id;
      } else {
        if (invite.email && !sameEmail(by.newUser.email, invite.email))
          throw AuthError.invalid([authIssue("email", "inviteEmailMismatch", { email: invite.email })]);
        // The invite's own spelling of the address, whatever letters the person typed.
        userId = this.createUser({ ...by.newUser, email: invite.email || by.newUser.email }, now).id;
        created = true;
      }
      const current = this.roleOf(userId, invite.workspaceId);
      if (!current || roles.indexOf(invite.role) < roles.indexOf(current)) {
        this.upsertMember(invite.workspaceId, userId, invite.role, now);
        note({ kind: "member-changed", userId, workspaceId: invite.workspaceId });
      }
      const marked = this.db
        .prepare(
          "UPDATE auth_invites SET accepted_at = ?, accepted_by = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .run(now, userId, invite.id).changes;
      if (marked !== 1) throw new AuthError(410, "invite-used", "this invite was already used; sign in instead");
      return { invite, userId, created };
    });
  }

  invites(workspaceId: string): Invite[] {
    return invites.list(this.db, workspaceId);
  }

  revokeInvite(workspaceId: string, id: string, now = Date.now()): void {
    invites.revoke(this.db, workspaceId, id, now);
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
    this.changing((note) => {
      const changed = this.db
        .prepare("UPDATE auth_tokens SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND revoked_at IS NULL")
        .run(now, id, workspaceId).changes;
      if (!changed) throw new AuthError(404, "token-unknown", "no active token with this id");
      note({ kind: "token-revoked", tokenId: id });
    });
  }

  // --- audit log -------------------------------------------------------------------------------

  audit(entry: AuditInput): void {
    appendAudit(this.db, entry);
  }

  /** Newest first; `before` pages back by id. Entries without a workspace (sign-ins) of its members too. */
  auditLog(workspaceId: string, options: { before?: number; limit?: number } = {}): AuditEntry[] {
    return readAuditLog(this.db, workspaceId, options);
  }
}
