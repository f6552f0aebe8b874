import type Database from "better-sqlite3";
import type { AuditAction, AuditEntry, Row } from "./records.js";

/** The append-only audit log (`audit_log`; triggers refuse UPDATE and DELETE). */

export type AuditInput = Omit<AuditEntry, "id" | "at" | "detail"> & { detail?: unknown; at?: number };

export function appendAudit(db: Database.Database, entry: AuditInput): void {
  db.prepare(
    "INSERT INTO audit_log (at, workspace_id, actor, action, target, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ).run(
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
export function readAuditLog(
  db: Database.Database,
  workspaceId: string,
  options: { before?: number; limit?: number } = {},
): AuditEntry[] {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  const rows = db
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
