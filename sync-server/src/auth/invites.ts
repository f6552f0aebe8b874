import { type MemberRole, newId } from "@crm/schema";
import type Database from "better-sqlite3";
import { AuthError, hashSecret, type Invite, newSecret, type Row, toInvite } from "./records.js";

/** Invite links (`auth_invites`): made, looked up by secret, listed, withdrawn. Accepting is the store's. */

export function create(
  db: Database.Database,
  input: { workspaceId: string; role: MemberRole; email: string; createdBy: string; ttlMs: number },
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
  db.prepare(
    `INSERT INTO auth_invites (id, secret_hash, workspace_id, role, email, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
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
export function open(db: Database.Database, secret: string, now = Date.now()): Invite {
  const row = db.prepare("SELECT * FROM auth_invites WHERE secret_hash = ?").get(hashSecret(secret)) as Row | undefined;
  if (!row) throw new AuthError(404, "invite-unknown", "this invite link is not valid; ask for a new one");
  const invite = toInvite(row);
  if (invite.revokedAt) throw new AuthError(410, "invite-revoked", "this invite was withdrawn; ask for a new one");
  if (invite.acceptedAt) throw new AuthError(410, "invite-used", "this invite was already used; sign in instead");
  if (invite.expiresAt <= now) throw new AuthError(410, "invite-expired", "this invite has expired; ask for a new one");
  return invite;
}

export function list(db: Database.Database, workspaceId: string): Invite[] {
  return (
    db
      .prepare("SELECT * FROM auth_invites WHERE workspace_id = ? ORDER BY created_at DESC LIMIT 200")
      .all(workspaceId) as Row[]
  ).map(toInvite);
}

export function revoke(db: Database.Database, workspaceId: string, id: string, now = Date.now()): void {
  const changed = db
    .prepare(
      "UPDATE auth_invites SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND revoked_at IS NULL AND accepted_at IS NULL",
    )
    .run(now, id, workspaceId).changes;
  if (!changed) throw new AuthError(404, "invite-unknown", "no open invite with this id");
}
