/*
 * Every date and time a person reads goes through this module: ONE date format and ONE date-time
 * format per language, so a list, a record page and its history never show the same moment in
 * different shapes (dates.lint.test.ts fails when a screen formats a date by itself).
 *
 *   English  "Dec 7, 2026"     "Dec 7, 2026, 14:05"   month by name: never 7/12 vs 12/7
 *   Chinese  "2026年12月7日"    "2026年12月7日 14:05"
 *
 * A 24-hour clock in both: no AM/PM to misread, and the same digits in either language.
 *
 * Formatters are cached, one per language, style and time zone. Why: `Date#toLocaleString(locale,
 * options)` builds a new ICU formatter on every call (about a millisecond, far more on a busy
 * machine); a list or a 360 page formats dozens of dates per render, a scrolled list a few more at
 * every step.
 */

const DATE: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric" };
const DATE_ZH: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric" };
const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

const formats = new Map<string, Intl.DateTimeFormat>();

/** "zh", "zh-CN", "zh-Hans" → Chinese; anything else → English. */
const isChinese = (lang: string) => lang.toLowerCase().startsWith("zh");

function formatter(lang: string, withTime: boolean, timeZone: string | undefined): Intl.DateTimeFormat {
  const zh = isChinese(lang);
  const key = `${zh ? "zh" : "en"}|${withTime ? "dt" : "d"}|${timeZone ?? ""}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(zh ? "zh-CN" : "en-US", {
      ...(zh ? DATE_ZH : DATE),
      ...(withTime ? TIME : {}),
      ...(timeZone ? { timeZone } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

export interface DayOptions {
  /**
   * Read the day in UTC: for a day stored as its UTC midnight (an activity due "on a day"), which
   * west of Greenwich would otherwise show as the day before.
   */
  utc?: boolean;
}

/** A moment's day, in this device's time zone: "Dec 7, 2026" / "2026年12月7日". */
export function formatDay(lang: string, at: number, options: DayOptions = {}): string {
  return formatter(lang, false, options.utc ? "UTC" : undefined).format(at);
}

/** A moment, day and time, in this device's time zone: "Dec 7, 2026, 14:05" / "2026年12月7日 14:05". */
export function formatDateTime(lang: string, at: number): string {
  return formatter(lang, true, undefined).format(at);
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day stored as text ("2026-12-07": a deal's close date, a quote's validity) in the
 * day format. Text that is not such a day is returned as it is: never a wrong date.
 */
export function formatCalendarDay(lang: string, day: string): string {
  const m = ISO_DAY.exec(day.trim());
  if (!m) return day;
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls "2026-02-31" over into March: such text is not a day.
  if (Number.isNaN(at) || new Date(at).getUTCDate() !== Number(m[3])) return day;
  return formatDay(lang, at, { utc: true });
}

/**
 * Formats like the two formats above, for callers written before them: options with a time
 * (`timeStyle`, `hour`) give the date-time format, anything else the date format; `timeZone:
 * "UTC"` reads the day in UTC. Other options are ignored on purpose: one format per language.
 */
export function formatDate(locale: string, at: number, options: Intl.DateTimeFormatOptions = {}): string {
  const withTime = options.timeStyle !== undefined || options.hour !== undefined;
  const utc = options.timeZone?.toUpperCase() === "UTC";
  if (withTime) return utc ? formatter(locale, true, "UTC").format(at) : formatDateTime(locale, at);
  return formatDay(locale, at, { utc });
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * "2026-12-07" of a moment's UTC day: file names, `<input type="date">` values of days stored as
 * their UTC midnight. Machine text, not for reading.
 */
export function isoDay(at: number | Date): string {
  const d = new Date(at);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "2026-12" of a moment's UTC month: month ticks of charts over UTC months. */
export function isoMonth(at: number | Date): string {
  return isoDay(at).slice(0, 7);
}

/** "2026-12-07" of a moment's day in this device's time zone (an `<input type="date">` value). */
export function localIsoDay(at: number | Date): string {
  const d = new Date(at);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "2026-12-07T14:05" of a moment in this device's time zone (an `<input type="datetime-local">` value). */
export function localIsoDateTime(at: number | Date): string {
  const d = new Date(at);
  return `${localIsoDay(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The moment an `<input type="datetime-local">` value ("2026-12-07T14:05") names in this device's
 * time zone; NaN for anything else.
 */
export function parseLocalDateTime(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const at = new Date(y!, mo! - 1, d!, h!, mi!, s ?? 0);
  return at.getDate() === d && at.getMonth() === mo! - 1 ? at.getTime() : Number.NaN;
}
