import { createHmac, randomBytes } from "node:crypto";

/*
 * Standard Webhooks signing (https://www.standardwebhooks.com/, spec "Signature scheme"): the
 * secret is `whsec_` + base64 of random bytes (24–64 bytes; we use 32); the signature of a
 * message is `v1,` + base64(HMAC-SHA256(key = the secret's decoded bytes,
 * content = `${webhook-id}.${webhook-timestamp}.${body}`)), the timestamp in integer seconds.
 *
 * Implemented here with node:crypto (a dozen lines) rather than with the `standardwebhooks`
 * package: that package pulls two pure-JS crypto dependencies into the server for what Node does
 * natively, and keeping it a devDependency means the tests check our signatures with an
 * independent implementation (signing.test.ts, webhooks.server.test.ts), not with themselves.
 */

export const SECRET_PREFIX = "whsec_";

/** A new endpoint secret, `whsec_<base64 of 32 random bytes>`. */
export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

/** The HMAC key of a secret: its base64 part decoded. */
export function secretKey(secret: string): Buffer {
  const b64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(b64, "base64");
}

/** The `webhook-signature` header value of a message. */
export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The three Standard Webhooks headers (and the content type) of a delivery sent at `now`. */
export function signedHeaders(secret: string, id: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": sign(secret, id, timestamp, body),
  };
}
