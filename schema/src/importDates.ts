import { isDateOnly } from "./scalars.js";

/*
 * Dates as spreadsheets and other CRMs write them, read into the forms the validators take
 * ("YYYY-MM-DD" for a date, ISO 8601 for a date-time). Only imports read these: a form has a date
 * picker, and the API takes ISO. What is not recognised is passed on unchanged, so the validator
 * reports it at its row and column as before.
 *
 *   2026-12-07  2026/12/7  2026.12.07  2026年12月7日   — year first: never ambiguous
 *   07.12.2026                                        — dots: day first (German, Russian …)
 *   07/12/2026  7-12-26                               — day or month first: see below
 *   7 Dec 2026  7-Dec-2026  Dec 7, 2026  December 7 2026
 *   … each optionally followed by a time: 14:30, 2:30 PM, 14:30:05.250, +08:00 or Z
 *
 * "07/12/2026" is 7 December in most of the world and July 12th in the US. One file uses one
 * convention, so the whole file decides (`dateOrderOf`): a first part over 12 means day first, a
 * second part over 12 month first; a file where nothing decides follows the workspace's region
 * (`regionDateOrder`). Two-digit years are 2000–2069 and 1970–1999. A time without a zone is UTC,
 * like every date-time the app reads (scalars.ts `parseDateTime`).
 */

export type DateOrder = "dmy" | "mdy";

const MONTH_NAMES = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** "Dec", "dec.", "December", "Sept" → 12, 12, 12, 9; anything else undefined. */
function monthOf(name: string): number | undefined {
  const n = name.toLowerCase().replace(/\.$/, "");
  if (n === "sept") return 9;
  const i = MONTH_NAMES.findIndex((full) => full === n || full.slice(0, 3) === n);
  return i < 0 ? undefined : i + 1;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

function ymd(y: number, m: number, d: number): string | null {
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return isDateOnly(iso) ? iso : null;
}

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/;
const NUMERIC = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})$/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+([A-Za-z]{3,9}\.?)[\s\-/,]+(\d{4}|\d{2})$/;
const MONTH_NAME_DAY = /^([A-Za-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;

/** A date alone ("7 Dec 2026", "07/12/2026" …) as "YYYY-MM-DD", or null. */
export function readDate(text: string, order: DateOrder): string | null {
  const v = text.trim();
  let m = YEAR_FIRST.exec(v) ?? CHINESE.exec(v);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NUMERIC.exec(v);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[3])];
    const dayFirst = m[2] === "." || order === "dmy";
    return dayFirst ? ymd(fullYear(m[4]!), b, a) : ymd(fullYear(m[4]!), a, b);
  }
  m = DAY_MONTH_NAME.exec(v);
  if (m) {
    const month = monthOf(m[2]!);
    return month ? ymd(fullYear(m[3]!), month, Number(m[1])) : null;
  }
  m = MONTH_NAME_DAY.exec(v);
  if (m) {
    const month = monthOf(m[1]!);
    return month ? ymd(Number(m[3]), month, Number(m[2])) : null;
  }
  return null;
}

const TIME = /^(.*?)[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?\s*([ap])?(?:\.?m\.?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** A date with an optional time as ISO 8601 ("2026-12-07T14:30:00", zone kept), or null. */
export function readDateTime(text: string, order: DateOrder): string | null {
  const v = text.trim();
  const date = readDate(v, order);
  if (date) return date;
  const m = TIME.exec(v);
  if (!m) return null;
  const day = readDate(m[1]!, order);
  if (!day) return null;
  let hour = Number(m[2]);
  const [minute, second] = [Number(m[3]), Number(m[4] ?? 0)];
  const half = m[6]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === "p" ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${day}T${two(hour)}:${two(minute)}:${two(second)}${m[5] ?? ""}${m[7] ?? ""}`;
}

/** What a cell of a date (`dateTime` false) or date-time field becomes: the ISO form, else the cell as is. */
export function normalizeDateCell(cell: string, dateTime: boolean, order: DateOrder): string {
  if (cell.trim() === "") return cell;
  // Already what the validators take (ISO, or epoch milliseconds for a date-time): unchanged.
  if (dateTime ? /^\d{4}-\d{2}-\d{2}([T ]|$)|^\d{1,15}$/.test(cell.trim()) : isDateOnly(cell.trim())) return cell;
  return (dateTime ? readDateTime(cell, order) : readDate(cell, order)) ?? cell;
}

const AMBIGUOUS = /^\s*(\d{1,2})[-/](\d{1,2})[-/](\d{4}|\d{2})\b/;

/**
 * The order a file's day/month dates are written in, from the cells of its date columns: "dmy"
 * when a first part is over 12 (31/12/2026), "mdy" when a second part is (12/31/2026); null when
 * no cell decides, or cells disagree (then the region's order applies).
 */
export function dateOrderOf(cells: Iterable<string>): DateOrder | null {
  let dmy = false;
  let mdy = false;
  for (const cell of cells) {
    const m = AMBIGUOUS.exec(cell);
    if (!m) continue;
    if (Number(m[1]) > 12) dmy = true;
    if (Number(m[2]) > 12) mdy = true;
  }
  return dmy === mdy ? null : dmy ? "dmy" : "mdy";
}

/** Regions that write the month first (the US and the places that follow its usage). */
const MONTH_FIRST = new Set(["US", "PR", "GU", "VI", "AS", "MP", "UM", "PH", "FM", "MH", "PW"]);

/** How people in a region (ISO 3166 code, "" for none) write 07/12/2026 when nothing else tells. */
export function regionDateOrder(region: string): DateOrder {
  return MONTH_FIRST.has(region.toUpperCase()) ? "mdy" : "dmy";
}
