import { createHmac, timingSafeEqual } from "node:crypto";

/*
 * A chat visitor's token: the right to read and write ONE conversation, nothing else. It is no
 * session and no service token (the sync gate and `/api/v1` know neither its format nor its key,
 * so both answer 401); the chat routes take the case from the signed claims, never from the
 * request, so a token cannot name another conversation. HMAC-SHA256 over the claims with the
 * installation's chat key (store.ts), `cv1.<claims>.<mac>` in base64url.
 */

export interface VisitorClaims {
  /** Workspace id. */
  w: string;
  /** The case (the conversation). */
  c: string;
  /** The visitor's name and email, as given when the chat started. */
  n: string;
  e: string;
  /** Expiry, epoch ms. */
  x: number;
}

export const VISITOR_TOKEN_TTL_MS = 24 * 60 * 60_000;

const b64 = (b: Buffer | string) => Buffer.from(b).toString("base64url");
const mac = (key: Buffer, body: string) => createHmac("sha256", key).update(`cv1.${body}`).digest();

export function signVisitorToken(key: Buffer, claims: VisitorClaims): string {
  const body = b64(JSON.stringify(claims));
  return `cv1.${body}.${b64(mac(key, body))}`;
}

/** The claims of a token this key signed and that has not expired; undefined otherwise. */
export function verifyVisitorToken(key: Buffer, token: string, now = Date.now()): VisitorClaims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== "cv1") return undefined;
  const [, body, sig] = parts as [string, string, string];
  const given = Buffer.from(sig, "base64url");
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const c = claims as Partial<VisitorClaims>;
  if (typeof c.w !== "string" || typeof c.c !== "string" || typeof c.n !== "string" || typeof c.e !== "string")
    return undefined;
  if (typeof c.x !== "number" || c.x <= now) return undefined;
  return c as VisitorClaims;
}
