import { isEmailAddress } from "./fields.js";

/*
 * The rules of the forms before the app — first-run setup, sign-in, joining through an invite,
 * naming a workspace — shared by the web app (checked before a form is sent, every issue at its
 * field) and the server (which checks again and answers with the same codes). Only the list of
 * common passwords stays on the server (it is large): the server passes `isCommon`, the browser
 * does not, and the server's refusal is shown at the password field like any other issue.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_PERSON_NAME_LENGTH = 100;
export const MAX_EMAIL_LENGTH = 254;

export type AuthIssueCode =
  | "required"
  | "tooLong"
  | "invalidEmail"
  | "passwordTooShort"
  | "passwordTooLong"
  | "passwordCommon"
  | "passwordRepetitive"
  | "passwordPersonal"
  | "inviteEmailMismatch";

/** English; `{{name}}` marks a parameter (the web app translates the code with i18next). */
export const authIssueMessages: Record<AuthIssueCode, string> = {
  required: "This field is required.",
  tooLong: "Use at most {{max}} characters.",
  invalidEmail: "Enter an email address like name@example.com.",
  passwordTooShort: "Use at least {{min}} characters.",
  passwordTooLong: "Use at most {{max}} characters.",
  passwordCommon: "Choose a stronger password: this one is among the most common passwords.",
  passwordRepetitive: "Choose a stronger password: this one uses too few different characters.",
  passwordPersonal: "Choose a stronger password: don't put your name or email in it.",
  inviteEmailMismatch: "This invite is for {{email}}. Use that address, or ask for an invite for yours.",
};

/** Codes about the password's strength: the server answers them as `weak-password`. */
export const passwordStrengthCodes: ReadonlySet<AuthIssueCode> = new Set([
  "passwordTooShort",
  "passwordTooLong",
  "passwordCommon",
  "passwordRepetitive",
  "passwordPersonal",
]);

export interface AuthIssue {
  field: string;
  code: AuthIssueCode;
  /** English, parameters filled in (logs, the CLI, API clients). */
  message: string;
  params?: Record<string, string | number>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: AuthIssue[] };

export interface PasswordOptions {
  /** Whether a lower-cased password is on the common-passwords list (server only). */
  isCommon?: (lower: string) => boolean;
}

export function authIssue(field: string, code: AuthIssueCode, params?: Record<string, string | number>): AuthIssue {
  const message = authIssueMessages[code].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params?.[k] ?? ""));
  return { field, code, message, ...(params ? { params } : {}) };
}

/** Email addresses are compared as the database does (COLLATE NOCASE), after trimming. */
export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Why this password may not be used, or null. `context` = the person's email and name. A common
 * word with digits and symbols around it ("Password2024!") counts as that word.
 */
export function passwordIssue(
  password: string,
  context: string[] = [],
  options: PasswordOptions = {},
): AuthIssueCode | null {
  if (password.length < MIN_PASSWORD_LENGTH) return "passwordTooShort";
  if (password.length > MAX_PASSWORD_LENGTH) return "passwordTooLong";
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  if (options.isCommon && (options.isCommon(lower) || (core.length >= 4 && options.isCommon(core))))
    return "passwordCommon";
  if (new Set(lower).size <= 3) return "passwordRepetitive";
  for (const c of context) {
    const part = c.toLowerCase().split("@")[0]?.trim() ?? "";
    if (part.length >= 4 && lower.includes(part)) return "passwordPersonal";
  }
  return null;
}

function passwordParams(code: AuthIssueCode): Record<string, number> | undefined {
  if (code === "passwordTooShort") return { min: MIN_PASSWORD_LENGTH };
  if (code === "passwordTooLong") return { max: MAX_PASSWORD_LENGTH };
  return undefined;
}

const field = (input: unknown, key: string): string => {
  const v = typeof input === "object" && input !== null ? (input as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" ? v : "";
};

class Collector {
  readonly issues: AuthIssue[] = [];

  text(input: unknown, key: string, max = MAX_PERSON_NAME_LENGTH): string {
    const v = field(input, key).trim();
    if (!v) this.issues.push(authIssue(key, "required"));
    else if (v.length > max) this.issues.push(authIssue(key, "tooLong", { max }));
    return v;
  }

  email(input: unknown, key = "email", fallback = ""): string {
    const v = field(input, key).trim() || fallback.trim();
    if (!v) this.issues.push(authIssue(key, "required"));
    else if (v.length > MAX_EMAIL_LENGTH) this.issues.push(authIssue(key, "tooLong", { max: MAX_EMAIL_LENGTH }));
    else if (!isEmailAddress(v)) this.issues.push(authIssue(key, "invalidEmail"));
    return v;
  }

  /** A new password: strong enough, judged against the person's email and name. */
  newPassword(input: unknown, context: string[], options: PasswordOptions, key = "password"): string {
    const v = field(input, key);
    if (!v) {
      this.issues.push(authIssue(key, "required"));
      return v;
    }
    const code = passwordIssue(v, context, options);
    if (code) this.issues.push(authIssue(key, code, passwordParams(code)));
    return v;
  }

  /** The password of an existing account: only present and not absurdly long. */
  currentPassword(input: unknown, key = "password"): string {
    const v = field(input, key);
    if (!v) this.issues.push(authIssue(key, "required"));
    else if (v.length > MAX_PASSWORD_LENGTH)
      this.issues.push(authIssue(key, "passwordTooLong", { max: MAX_PASSWORD_LENGTH }));
    return v;
  }

  result<T>(value: T): Checked<T> {
    return this.issues.length ? { ok: false, issues: this.issues } : { ok: true, value };
  }
}

export interface SetupInput {
  name: string;
  email: string;
  password: string;
  workspaceName: string;
}

/** First-run setup: the owner and the workspace's name. */
export function checkSetup(input: unknown, options: PasswordOptions = {}): Checked<SetupInput> {
  const c = new Collector();
  const name = c.text(input, "name");
  const email = c.email(input);
  const password = c.newPassword(input, [email, name], options);
  const workspaceName = c.text(input, "workspaceName");
  return c.result({ name, email, password, workspaceName });
}

export function checkSignIn(input: unknown): Checked<{ email: string; password: string }> {
  const c = new Collector();
  const email = c.email(input);
  const password = c.currentPassword(input);
  return c.result({ email, password });
}

/** An invite's own address; "" when anyone holding the link may use it. */
export interface InviteBinding {
  email: string;
}

function checkInviteEmail(c: Collector, email: string, invite: InviteBinding): void {
  if (invite.email && email && !c.issues.some((i) => i.field === "email") && !sameEmail(email, invite.email))
    c.issues.push(authIssue("email", "inviteEmailMismatch", { email: invite.email }));
}

/**
 * A new person accepting an invite. For an invite bound to an address the email may be left out
 * (it is the invite's), and any other address is refused.
 */
export function checkJoin(
  input: unknown,
  invite: InviteBinding,
  options: PasswordOptions = {},
): Checked<{ name: string; email: string; password: string }> {
  const c = new Collector();
  const name = c.text(input, "name");
  const email = c.email(input, "email", invite.email);
  checkInviteEmail(c, email, invite);
  const password = c.newPassword(input, [email, name], options);
  return c.result({ name, email, password });
}

/** Someone with an account signing in on the invite page to accept it. */
export function checkJoinSignIn(input: unknown, invite: InviteBinding): Checked<{ email: string; password: string }> {
  const c = new Collector();
  const email = c.email(input, "email", invite.email);
  checkInviteEmail(c, email, invite);
  const password = c.currentPassword(input);
  return c.result({ email, password });
}

/** A new password chosen through a reset link: the sign-up rules, judged against the account's email and name. */
export function checkNewPassword(
  input: unknown,
  context: string[],
  options: PasswordOptions = {},
): Checked<{ password: string }> {
  const c = new Collector();
  const password = c.newPassword(input, context, options);
  return c.result({ password });
}

/** "Forgot password?": the account's address. */
export function checkResetRequest(input: unknown): Checked<{ email: string }> {
  const c = new Collector();
  const email = c.email(input);
  return c.result({ email });
}

export function checkWorkspaceName(input: unknown): Checked<{ name: string }> {
  const c = new Collector();
  const name = c.text(input, "name");
  return c.result({ name });
}
