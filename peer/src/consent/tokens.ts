import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type Database from "better-sqlite3";

/*
 * The signed links of the public consent pages: a confirmation link (double opt-in: single use,
 * expires) and a recipient's preference / one-click unsubscribe link (no expiry: it sits in every
 * mail the person ever got). A token is `base64url(payload).base64url(HMAC-SHA256)` under one
 * secret per installation, kept in the server's shared database so every process (the server
 * answering the page, a worker building campaign mail) signs and checks with the same key.
 * Nothing about the token is stored but a used confirmation's nonce.
 */

export type TokenPurpose = "confirm" | "prefs";

export interface ConsentToken {
  purpose: TokenPurpose;
  workspace: string;
  contactId: string;
  /** Expiry (ms) of a confirmation link; absent for a recipient link. */
  exp?: number;
  /** A confirmation's single-use nonce. */
  nonce?: string;
}

/** A confirmation link is good for 7 days (the usual double opt-in window). */
export const CONFIRM_TTL_MS = 7 * 86_400_000;

const b64 = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export class ConsentKeys {
  private readonly secret: Buffer;

  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS consent_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS consent_used_tokens (nonce TEXT PRIMARY KEY, used_at INTEGER NOT NULL);
    `);
    // Two processes starting at once: the first insert wins, both read the same row.
    db.prepare("INSERT OR IGNORE INTO consent_secret (id, secret) VALUES (1, ?)").run(randomBytes(32));
    this.secret = (db.prepare("SELECT secret FROM consent_secret WHERE id = 1").get() as { secret: Buffer }).secret;
  }

  sign(token: ConsentToken): string {
    const payload = b64(
      JSON.stringify({ p: token.purpose, w: token.workspace, c: token.contactId, e: token.exp, n: token.nonce }),
    );
    return `${payload}.${this.mac(payload)}`;
  }

  /** A confirmation link's token: expires, and carries a nonce that `use` spends once. */
  confirmation(workspace: string, contactId: string, now = Date.now()): string {
    return this.sign({
      purpose: "confirm",
      workspace,
      contactId,
      exp: now + CONFIRM_TTL_MS,
      nonce: randomBytes(12).toString("base64url"),
    });
  }

  /** The recipient's preference / unsubscribe token (stable: the same for every mail). */
  recipient(workspace: string, contactId: string): string {
    return this.sign({ purpose: "prefs", workspace, contactId });
  }

  /**
   * The token's content when its signature holds, it is for `purpose` and `workspace`, and it has
   * not expired; else why not.
   */
  verify(
    raw: string,
    purpose: TokenPurpose,
    workspace: string,
    now = Date.now(),
  ): { ok: true; token: ConsentToken } | { ok: false; reason: "invalid" | "expired" } {
    const [payload, mac, extra] = raw.split(".");
    if (!payload || !mac || extra !== undefined) return { ok: false, reason: "invalid" };
    const want = Buffer.from(this.mac(payload));
    const got = Buffer.from(mac);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return { ok: false, reason: "invalid" };
    let p: { p?: unknown; w?: unknown; c?: unknown; e?: unknown; n?: unknown };
    try {
      p = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return { ok: false, reason: "invalid" };
    }
    if (p.p !== purpose || p.w !== workspace || typeof p.c !== "string") return { ok: false, reason: "invalid" };
    if (typeof p.e === "number" && p.e < now) return { ok: false, reason: "expired" };
    return {
      ok: true,
      token: {
        purpose,
        workspace,
        contactId: p.c,
        ...(typeof p.e === "number" ? { exp: p.e } : {}),
        ...(typeof p.n === "string" ? { nonce: p.n } : {}),
      },
    };
  }

  /** Spends a confirmation's nonce: true the first time, false ever after. */
  use(nonce: string, now = Date.now()): boolean {
    return (
      this.db.prepare("INSERT OR IGNORE INTO consent_used_tokens (nonce, used_at) VALUES (?, ?)").run(nonce, now)
        .changes === 1
    );
  }

  /** Un-spends a nonce whose confirmation could not be written (the person may try again). */
  release(nonce: string): void {
    this.db.prepare("DELETE FROM consent_used_tokens WHERE nonce = ?").run(nonce);
  }

  private mac(payload: string): string {
    return createHmac("sha256", this.secret).update(payload).digest("base64url");
  }
}
