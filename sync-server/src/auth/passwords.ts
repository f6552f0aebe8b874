import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

/*
 * Passwords: argon2id with OWASP's minimum (m = 19 MiB, t = 2, p = 1), a minimum length of 12, and
 * a check against the 49,000 most common passwords of the zxcvbn-ts list — also after removing the
 * digits and symbols people append to make a common word "long enough" (Password2024! → password).
 */

export const ARGON2_OPTIONS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolatedModules cannot read)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/** Why this password may not be used, or null if it may. `context` = the person's email and name. */
export function passwordProblem(password: string, context: string[] = []): string | null {
  if (typeof password !== "string" || password.length < MIN_PASSWORD_LENGTH)
    return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  const list = commonPasswords();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  if (list.has(lower) || (core.length >= 4 && list.has(core)))
    return "is one of the most common passwords; choose another";
  if (new Set(lower).size <= 3) return "repeats too few different characters";
  for (const c of context) {
    const part = c.toLowerCase().split("@")[0]?.trim() ?? "";
    if (part.length >= 4 && lower.includes(part)) return "must not contain your name or email";
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified when the email is unknown so that a failed sign-in takes
 * the same time whether or not the account exists.
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`no-such-user-${Math.random()}`);
  return dummy;
}
