import { z } from "zod";
import type { IssueCode } from "./fields.js";

/*
 * Validators for numbers, dates, times and yes/no values. Each accepts the typed value (from a
 * form or the API) and its text form (from a CSV cell), because an import validates exactly what a
 * person typed into a spreadsheet. An empty cell means "not given": the field's empty value.
 */

type Empty = undefined | null | "";

/** Not given: absent, null, or text of nothing but spaces. Every field reads it as its empty value. */
export function isEmptyInput(raw: unknown): raw is Empty {
  return raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "");
}

const isEmpty = isEmptyInput;

/** "1200", "1,200.50", " 7.5 " → numbers; thousands separators are commas (the app's locales). */
export function parseNumber(raw: unknown): number {
  if (typeof raw === "number") return raw;
  if (typeof raw !== "string") return Number.NaN;
  const v = raw.trim().replace(/,(?=\d{3}(\D|$))/g, "");
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v) ? Number(v) : Number.NaN;
}

interface NumberRules {
  min?: number;
  max?: number;
  integer?: boolean;
}

function checkNumber(raw: unknown, rules: NumberRules): number | IssueCode {
  const n = parseNumber(raw);
  if (!Number.isFinite(n)) return "invalidNumber";
  if (rules.integer && !Number.isInteger(n)) return "notInteger";
  if ((rules.min !== undefined && n < rules.min) || (rules.max !== undefined && n > rules.max)) return "outOfRange";
  return n;
}

/** A number; an empty value becomes `empty`. */
export function numberField<E extends number | null>(empty: E, rules: NumberRules = {}) {
  return z
    .unknown()
    .optional()
    .transform((raw, ctx): number | E => {
      if (isEmpty(raw)) return empty;
      const n = checkNumber(raw, rules);
      if (typeof n === "number") return n;
      ctx.addIssue({ code: "custom", message: n });
      return z.NEVER;
    });
}

/** A number that must be given. */
export function requiredNumber(rules: NumberRules = {}) {
  return z
    .unknown()
    .optional()
    .transform((raw, ctx): number => {
      const n = isEmpty(raw) ? "required" : checkNumber(raw, rules);
      if (typeof n === "number") return n;
      ctx.addIssue({ code: "custom", message: n });
      return z.NEVER;
    });
}

/** Money in the workspace currency, not negative. Empty is 0. */
export const money = () => numberField(0, { min: 0 });

/** A percentage, 0–100. */
export const percent = <E extends number | null>(empty: E) => numberField(empty, { min: 0, max: 100 });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written "YYYY-MM-DD" (2026-02-30 is not one). */
export function isDateOnly(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** A pure date, "YYYY-MM-DD"; "" when not given. */
export const dateOnly = () =>
  z
    .unknown()
    .optional()
    .transform((raw, ctx): string => {
      if (isEmpty(raw)) return "";
      const v = typeof raw === "string" ? raw.trim() : "";
      if (isDateOnly(v)) return v;
      ctx.addIssue({ code: "custom", message: "invalidDate" });
      return z.NEVER;
    });

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A point in time as epoch milliseconds: a number, a numeric string, or an ISO 8601 date-time.
 * A date-time without a zone is read as UTC, so an import gives the same result on every machine.
 */
export function parseDateTime(raw: unknown): number {
  if (typeof raw === "number") return Number.isFinite(raw) && raw >= 0 ? Math.round(raw) : Number.NaN;
  if (typeof raw !== "string") return Number.NaN;
  const v = raw.trim();
  if (/^\d{1,15}$/.test(v)) return Number(v);
  if (!ISO_DATE_TIME.test(v)) return Number.NaN;
  const withT = v.replace(" ", "T");
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(withT) || withT.length === 10 ? withT : `${withT}Z`;
  // Date.parse accepts 2026-02-30; reject days that do not exist.
  if (!isDateOnly(v.slice(0, 10))) return Number.NaN;
  return Date.parse(zoned);
}

function dateTime<E extends number | null>(empty: E | "required") {
  return z
    .unknown()
    .optional()
    .transform((raw, ctx): number | E => {
      if (isEmpty(raw)) {
        if (empty !== "required") return empty;
        ctx.addIssue({ code: "custom", message: "required" });
        return z.NEVER;
      }
      const n = parseDateTime(raw);
      if (Number.isFinite(n)) return n;
      ctx.addIssue({ code: "custom", message: "invalidDateTime" });
      return z.NEVER;
    });
}

/** A point in time that may be absent (null): closedAt, wonAt, dueAt … */
export const optionalTime = () => dateTime(null);

/** A point in time that must be given. */
export const requiredTime = () => dateTime<number>("required");

/** A point in time that defaults to `now()` when not given: orderedAt, openedAt, respondedAt. */
export const timeOrNow = (now: () => number = Date.now) =>
  z
    .unknown()
    .optional()
    .transform((raw, ctx): number => {
      if (isEmpty(raw)) return now();
      const n = parseDateTime(raw);
      if (Number.isFinite(n)) return n;
      ctx.addIssue({ code: "custom", message: "invalidDateTime" });
      return z.NEVER;
    });

const TRUE = new Set(["true", "yes", "y", "1", "是", "真"]);
const FALSE = new Set(["false", "no", "n", "0", "否", "假"]);

/** Yes/no; text forms in English and Chinese, as a spreadsheet holds them. */
export const bool = (empty: boolean) =>
  z
    .unknown()
    .optional()
    .transform((raw, ctx): boolean => {
      if (typeof raw === "boolean") return raw;
      if (isEmpty(raw)) return empty;
      const v = String(raw).trim().toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      ctx.addIssue({ code: "custom", message: "invalidBoolean" });
      return z.NEVER;
    });

/** A choice from a fixed list; an empty value takes the default. Case-insensitive for imports. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, empty: T[number]) {
  return z
    .unknown()
    .optional()
    .transform((raw, ctx): T[number] => {
      if (isEmpty(raw)) return empty;
      const v = typeof raw === "string" ? raw.trim().toLowerCase() : "";
      const hit = values.find((x) => x.toLowerCase() === v);
      if (hit !== undefined) return hit;
      ctx.addIssue({ code: "custom", message: "invalidChoice" });
      return z.NEVER;
    });
}

/** An identifier chosen in the settings (a pipeline stage): lowercase letters, digits, "-" and "_". */
export const stageId = (empty: string) =>
  z
    .unknown()
    .optional()
    .transform((raw, ctx): string => {
      if (isEmpty(raw)) return empty;
      const v = typeof raw === "string" ? raw.trim().toLowerCase() : "";
      if (/^[a-z0-9][a-z0-9_-]{0,39}$/.test(v)) return v;
      ctx.addIssue({ code: "custom", message: "invalidChoice" });
      return z.NEVER;
    });
