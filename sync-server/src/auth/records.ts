import { createHash, randomBytes } from "node:crypto";
import { type AuthIssue, type MemberRole, newId, type Role } from "@crm/schema";

/*
 * What the auth store holds, as the rest of the server sees it: people, workspaces, sessions,
 * invites, tokens and audit entries; the error every auth route answers with; secrets' hashing.
 */

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
  role: MemberRole;
}
export interface Member {
  userId: string;
  email: string;
  name: string;
  role: MemberRole;
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
  role: MemberRole;
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

export class AuthError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 429,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Every field's issue, when the request had several (forms show each at its field). */
    readonly issues?: AuthIssue[],
  ) {
    super(message);
  }

  /** 400 for a form's issues (all of them in `issues`; `field` and `message` name the first). */
  static invalid(issues: AuthIssue[], code = "invalid"): AuthError {
    const first = issues[0]!;
    return new AuthError(400, code, `${first.field}: ${first.message}`, first.field, issues);
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

export type Row = Record<string, unknown>;

export function toUser(row: Row): User {
  return { id: String(row.id), email: String(row.email), name: String(row.name), createdAt: Number(row.created_at) };
}

export function toInvite(row: Row): Invite {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    role: row.role as MemberRole,
    email: String(row.email),
    createdBy: String(row.created_by),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    acceptedAt: row.accepted_at == null ? null : Number(row.accepted_at),
    revokedAt: row.revoked_at == null ? null : Number(row.revoked_at),
  };
}

export function toToken(row: Row): ServiceToken {
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
