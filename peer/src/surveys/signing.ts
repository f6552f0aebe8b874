import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type Database from "better-sqlite3";

/*
 * The survey links' signatures: HMAC-SHA256 with one secret per installation, kept in the
 * shared database (`survey_secret`) so the process that mails a link and the one answering it
 * agree. Made at first use; never shown to anybody.
 *
 * A token is `<payload>.<signature>`, both base64url: the payload is `[workspace, case id,
 * issued at]`. The score is not signed: any of the five links of one mail is the same answer
 * to the same question, so the token only has to prove the mail came from us and which case.
 */

export interface CsatClaim {
  workspace: string;
  caseId: string;
  /** When the mail was enqueued (ms): the link expires `LINK_TTL_MS` later. */
  issuedAt: number;
}

export class SurveySigner {
  private readonly key: Buffer;

  constructor(db: Database.Database) {
    db.exec("CREATE TABLE IF NOT EXISTS survey_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL)");
    db.prepare("INSERT OR IGNORE INTO survey_secret (id, secret) VALUES (1, ?)").run(randomBytes(32));
    this.key = db.prepare("SELECT secret FROM survey_secret WHERE id = 1").pluck().get() as Buffer;
  }

  private mac(payload: string): Buffer {
    return createHmac("sha256", this.key).update(`csat.${payload}`).digest();
  }

  sign(claim: CsatClaim): string {
    const payload = Buffer.from(JSON.stringify([claim.workspace, claim.caseId, claim.issuedAt])).toString("base64url");
    return `${payload}.${this.mac(payload).toString("base64url")}`;
  }

  /** The claim of a token whose signature is ours, else undefined. */
  verify(token: string): CsatClaim | undefined {
    const m = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return undefined;
    const given = Buffer.from(m[2]!, "base64url");
    const expected = this.mac(m[1]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const [workspace, caseId, issuedAt] = JSON.parse(Buffer.from(m[1]!, "base64url").toString("utf8")) as unknown[];
      if (typeof workspace !== "string" || typeof caseId !== "string" || typeof issuedAt !== "number") return undefined;
      return { workspace, caseId, issuedAt };
    } catch {
      return undefined;
    }
  }
}

const signers = new WeakMap<Database.Database, SurveySigner>();
export function surveySigner(db: Database.Database): SurveySigner {
  const known = signers.get(db);
  if (known) return known;
  const made = new SurveySigner(db);
  signers.set(db, made);
  return made;
}
