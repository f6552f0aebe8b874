import { createHmac, timingSafeEqual } from "node:crypto";
import { getCookie, setCookie } from "hono/cookie";
import type { AnyContext, ApiKit } from "./kit.js";

/**
 * Remembers (HttpOnly, signed) which accounts signed in from this browser, so a known browser
 * skips the account-wide backoff of SignInThrottle (auth/ratelimit.ts): neither a crowd of
 * guessers nor one behind the same NAT keeps the owner out.
 */
export const KNOWN_COOKIE = "crm_known";
const KNOWN_MAX_ACCOUNTS = 5;
const KNOWN_TTL_MS = 400 * 24 * 3600_000;

function knownTag(kit: ApiKit, email: string): string {
  return createHmac("sha256", kit.store.secretKey("known-device"))
    .update(email.trim().toLowerCase())
    .digest("base64url")
    .slice(0, 22);
}

function knownTags(c: AnyContext): string[] {
  return (getCookie(c, KNOWN_COOKIE) ?? "").split(".").filter((t) => t.length === 22);
}

/** Whether this browser has signed in to the account of `email` before. */
export function isKnownDevice(kit: ApiKit, c: AnyContext, email: string): boolean {
  const tag = Buffer.from(knownTag(kit, email));
  return knownTags(c).some((t) => {
    const b = Buffer.from(t);
    return b.length === tag.length && timingSafeEqual(b, tag);
  });
}

/** Adds `email`'s account to this browser's known ones (the newest few are kept). */
export function rememberDevice(kit: ApiKit, c: AnyContext, email: string): void {
  const tag = knownTag(kit, email);
  const tags = [tag, ...knownTags(c).filter((t) => t !== tag)].slice(0, KNOWN_MAX_ACCOUNTS);
  setCookie(c, KNOWN_COOKIE, tags.join("."), {
    httpOnly: true,
    sameSite: "Lax",
    secure: kit.secure(c),
    path: "/api",
    expires: new Date(kit.now() + KNOWN_TTL_MS),
  });
}
