import { z } from "zod";

/**
 * Validation issue codes. The web app translates the code; `message` is the English fallback
 * used by the CLI, CSV reports and logs.
 */
export type IssueCode = TextIssueCode | ValueIssueCode;

/** Codes the text fields of every form can produce (the web app translates each of them). */
export type TextIssueCode = "required" | "invalidEmail" | "invalidPhone" | "invalidUrl" | "tooLong" | "invalidChoice";

/** Codes of numbers, dates, yes/no values and unique fields (scalars.ts, imports). */
export type ValueIssueCode =
  | "invalidNumber"
  | "outOfRange"
  | "notInteger"
  | "invalidDate"
  | "invalidDateTime"
  | "invalidBoolean"
  | "duplicate"
  | "inUse"
  | "immutable"
  | "consentBasisRequired";

export interface FieldIssue {
  field: string;
  code: IssueCode;
  message: string;
}

export const issueMessages: Record<TextIssueCode, string> = {
  required: "This field is required.",
  invalidEmail: "Enter an email address like name@example.com.",
  invalidPhone:
    "Enter a valid phone number: with its country code (+49 30 1234567), or as dialled in the workspace's default country.",
  invalidUrl: "Enter a web address like example.com.",
  tooLong: "This value is too long.",
  invalidChoice: "Choose one of the listed values.",
};

/**
 * Kept apart from `issueMessages` because the web app's translation tables spread that object
 * and must translate every key in it: a form that can produce these codes adds them there.
 */
export const valueIssueMessages: Record<ValueIssueCode, string> = {
  invalidNumber: "Enter a number, like 1200 or 1200.50.",
  outOfRange: "This number is outside the allowed range.",
  notInteger: "Enter a whole number.",
  invalidDate: "Enter a date as YYYY-MM-DD.",
  invalidDateTime: "Enter a date and time like 2026-11-24T09:30:00Z.",
  invalidBoolean: "Enter yes or no (true/false).",
  duplicate: "This value is already used by another record.",
  inUse: "Records use this value: it is retired (kept on them, no longer offered), not deleted.",
  immutable: "This cannot change once the field exists: records store their values under it.",
  consentBasisRequired:
    "Subscribed needs a consent basis: say what the person agreed to, when and where (Consent basis).",
};

/**
 * Trims text; no value (or one that is no text) becomes "", a number its digits (an API client's
 * postal code 10115). Every optional text field goes through this. Longer than `max` is refused.
 */
export const text = (max = 200) =>
  z
    .unknown()
    .optional()
    .transform((raw, ctx): string => {
      const v =
        typeof raw === "string" ? raw.trim() : typeof raw === "number" && Number.isFinite(raw) ? String(raw) : "";
      if (v.length <= max) return v;
      ctx.addIssue({ code: "custom", message: "tooLong" });
      return z.NEVER;
    });

export const requiredText = (max = 200) =>
  z.string({ error: "required" }).trim().min(1, { error: "required" }).max(max, { error: "tooLong" });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** An email address as every form checks it (records, sign-in, invites): trimmed before. */
export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value);
}

export const email = () =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(254, { error: "tooLong" })
    .refine((v) => v === "" || EMAIL.test(v), { error: "invalidEmail" });

/**
 * Phones are stored normalised: digits only, with a leading "+" when the number was given in
 * international form ("00" prefixes become "+"). Punctuation and spaces are presentation.
 */
export function normalizePhone(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed === "") return "";
  const plus = trimmed.startsWith("+") || trimmed.startsWith("00");
  const digits = trimmed.replace(/\D/g, "").replace(/^00/, plus ? "" : "00");
  return plus ? `+${digits}` : digits;
}

/** Written like a phone number: digits and the punctuation numbers are written with. */
const PHONE_TEXT = /^[+\d\s().\-/]*\d[+\d\s().\-/]*$/;

/** A number in the shape the validator stores: 6 to 20 digits, optionally after "+". */
export function isPhoneShaped(value: string): boolean {
  return PHONE_TEXT.test(value) && /^\+?\d{6,20}$/.test(normalizePhone(value));
}

/**
 * Text that is no number at all ("call me") is refused. A number of the wrong length is kept as
 * typed — an import never loses it — and the record type reports it as a warning (record.ts).
 */
export const phone = () =>
  z
    .string()
    .trim()
    .max(40, { error: "tooLong" })
    .refine((v) => v === "" || PHONE_TEXT.test(v), { error: "invalidPhone" })
    .transform((v) => (isPhoneShaped(v) ? normalizePhone(v) : v));

/** Websites are stored with a scheme so that they are links; "example.com" becomes "https://example.com". */
export function normalizeWebsite(raw: string): string {
  const v = raw.trim();
  if (v === "") return "";
  return /^https?:\/\//i.test(v) ? v : `https://${v}`;
}

export const website = () =>
  z
    .string()
    .trim()
    .max(500, { error: "tooLong" })
    .transform(normalizeWebsite)
    .refine(
      (v) => {
        if (v === "") return true;
        try {
          const u = new URL(v);
          return /^[^.\s]+(\.[^.\s]+)+$/.test(u.hostname);
        } catch {
          return false;
        }
      },
      { error: "invalidUrl" },
    );

/** The English message of every issue code. */
export const allIssueMessages: Record<IssueCode, string> = { ...issueMessages, ...valueIssueMessages };

/**
 * Turns a zod error into one issue per field (the first one), in field order. A nested field is
 * named by its path: `lines.2.quantity` is the quantity of the third line.
 */
export function toIssues(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".");
    if (seen.has(field)) continue;
    seen.add(field);
    const code = (issue.message in allIssueMessages ? issue.message : "invalidChoice") as IssueCode;
    out.push({ field, code, message: allIssueMessages[code] });
  }
  return out;
}
