import { authIssue, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordOptions, passwordIssue } from "@crm/schema";
import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

/*
 * Passwords: argon2id with OWASP's minimum (m = 19 MiB, t = 2, p = 1). The policy (12 characters at
 * least, not common, not repetitive, not the person's name or email) is schema's `passwordIssue`,
 * shared with the web forms; the list of the 49,000 most common passwords (zxcvbn-ts) is checked
 * only here — also after removing the digits and symbols people append (Password2024! → password).
 */

export const ARGON2_OPTIONS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolatedModules cannot read)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

let common: Set<string> | undefined;
/** Whether a lower-cased password is among the 49,000 most common (the server's part of the rules). */
export function isCommonPassword(lower: string): boolean {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return common.has(lower);
}

export const passwordOptions: PasswordOptions = { isCommon: isCommonPassword };

/**
 * Why this password may not be used (English, as the forms say it), or null if it may. `context` =
 * the person's email and name. The rules are schema's `passwordIssue`, shared with the web forms.
 */
export function passwordProblem(password: string, context: string[] = []): string | null {
  const code = passwordIssue(typeof password === "string" ? password : "", context, passwordOptions);
  if (!code) return null;
  return authIssue("password", code, { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH }).message;
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
