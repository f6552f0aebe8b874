import { newId } from "@crm/schema";
import type Database from "better-sqlite3";
import { AuthError, hashSecret, newSecret } from "./records.js";

/*
 * Password reset links (`auth_password_resets`). The link carries 256 random bits; only their
 * SHA-256 is stored (as for sessions and invites), so the database cannot mail itself a working
 * link and a guessed one is as likely as a guessed session. A link works once (the first use
 * marks it, in one UPDATE … WHERE used_at IS NULL, so two tabs cannot both use it) and for an
 * hour. A new request leaves older links valid until they expire: a person who asked twice opens
 * whichever mail arrives first.
 */

export const RESET_TTL_MS = 3600_000;

export interface PasswordReset {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export class PasswordResets {
  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS auth_password_resets (
        id TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS auth_password_resets_user ON auth_password_resets(user_id);
    `);
  }

  create(userId: string, now = Date.now(), ttlMs = RESET_TTL_MS): { secret: string; reset: PasswordReset } {
    const secret = newSecret();
    const reset: PasswordReset = {
      id: newId().slice(0, 12),
      userId,
      createdAt: now,
      expiresAt: now + ttlMs,
      usedAt: null,
    };
    // Finished links older than a day are of no use to anyone.
    this.db.prepare("DELETE FROM auth_password_resets WHERE expires_at < ?").run(now - 24 * 3600_000);
    this.db
      .prepare(
        "INSERT INTO auth_password_resets (id, secret_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(reset.id, hashSecret(secret), userId, now, reset.expiresAt);
    return { secret, reset };
  }

  /** The reset of a link, if it can still be used; otherwise why not (404 unknown, 410 used or expired). */
  open(secret: string, now = Date.now()): PasswordReset {
    const row = this.db.prepare("SELECT * FROM auth_password_resets WHERE secret_hash = ?").get(hashSecret(secret)) as
      | Record<string, unknown>
      | undefined;
    if (!row) throw new AuthError(404, "reset-unknown", "this reset link is not valid: ask for a new one");
    const reset: PasswordReset = {
      id: String(row.id),
      userId: String(row.user_id),
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
      usedAt: row.used_at == null ? null : Number(row.used_at),
    };
    if (reset.usedAt !== null)
      throw new AuthError(410, "reset-used", "this reset link was already used: ask for a new one");
    if (reset.expiresAt <= now)
      throw new AuthError(410, "reset-expired", "this reset link has expired: ask for a new one");
    return reset;
  }

  /** Marks the link used, once: throws as `open` does when it cannot be (also when another request won). */
  use(secret: string, now = Date.now()): PasswordReset {
    const reset = this.open(secret, now);
    const changed = this.db
      .prepare("UPDATE auth_password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?")
      .run(now, reset.id, now).changes;
    if (!changed) throw new AuthError(410, "reset-used", "this reset link was already used: ask for a new one");
    return { ...reset, usedAt: now };
  }
}
