import { createHash } from "node:crypto";
import type { PeerDb } from "../db/open.js";

/*
 * `Idempotency-Key` on POST (the IETF draft's header, as Stripe uses it): the same key from the
 * same caller with the same request gets the first response again (`Idempotent-Replayed: true`);
 * with another request, 422 `idempotency-key-reused`; while the first is still running, 409
 * `idempotency-key-in-use`. Kept 24 hours, in the workspace peer's database.
 *
 * A create made under a key gets its record id from the caller and the key (`recordIdFor`), so
 * even a crash between the write and the stored response cannot make a second record: the retry
 * finds the first (records.ts `create` with an id). A claim older than a minute whose request
 * never finished (the process died) is taken over by the next try.
 */

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const ABANDONED_MS = 60_000;

export type Claim =
  | { kind: "new" }
  | { kind: "replay"; status: number; body: string; contentType: string }
  | { kind: "mismatch" }
  | { kind: "in-progress" };

export class IdempotencyStore {
  private readonly st;

  constructor(db: PeerDb) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS idempotency (
        caller TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status INTEGER,
        content_type TEXT,
        body TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (caller, key)
      );
    `);
    this.st = {
      get: db.prepare("SELECT * FROM idempotency WHERE caller = ? AND key = ?"),
      claim: db.prepare(
        `INSERT INTO idempotency (caller, key, fingerprint, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (caller, key) DO UPDATE SET fingerprint = excluded.fingerprint, created_at = excluded.created_at
         WHERE idempotency.status IS NULL AND idempotency.created_at < ?`,
      ),
      finish: db.prepare(
        "UPDATE idempotency SET status = ?, content_type = ?, body = ? WHERE caller = ? AND key = ? AND status IS NULL",
      ),
      forget: db.prepare("DELETE FROM idempotency WHERE caller = ? AND key = ? AND status IS NULL"),
      prune: db.prepare("DELETE FROM idempotency WHERE created_at < ?"),
    };
  }

  static fingerprint(method: string, path: string, body: string): string {
    return createHash("sha256").update(`${method} ${path}\n${body}`).digest("base64url");
  }

  /** Claims the key for this request, or says what to answer instead. */
  claim(caller: string, key: string, fingerprint: string, now = Date.now()): Claim {
    const row = this.st.get.get(caller, key) as
      | {
          fingerprint: string;
          status: number | null;
          body: string | null;
          content_type: string | null;
          created_at: number;
        }
      | undefined;
    if (row && row.created_at >= now - IDEMPOTENCY_TTL_MS) {
      if (row.fingerprint !== fingerprint) return { kind: "mismatch" };
      if (row.status !== null)
        return { kind: "replay", status: row.status, body: row.body ?? "", contentType: row.content_type ?? "" };
      if (row.created_at >= now - ABANDONED_MS) return { kind: "in-progress" };
    }
    if (row && row.created_at < now - IDEMPOTENCY_TTL_MS) this.st.prune.run(now - IDEMPOTENCY_TTL_MS);
    const changed = this.st.claim.run(caller, key, fingerprint, now, now - ABANDONED_MS).changes;
    return changed ? { kind: "new" } : { kind: "in-progress" };
  }

  /** Stores the response to replay (not for 5xx: the request may be tried again). */
  finish(caller: string, key: string, status: number, contentType: string, body: string): void {
    if (status >= 500) this.st.forget.run(caller, key);
    else this.st.finish.run(status, contentType, body, caller, key);
  }

  prune(now = Date.now()): void {
    this.st.prune.run(now - IDEMPOTENCY_TTL_MS);
  }

  /** The id a create under this key gets (stable across retries, different per caller). */
  static recordIdFor(caller: string, key: string): string {
    return `k${createHash("sha256").update(`${caller}\n${key}`).digest("hex").slice(0, 23)}`;
  }
}
