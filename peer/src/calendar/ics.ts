/*
 * Writing iCalendar (RFC 5545) by hand: the feed needs a handful of properties, and every one of
 * them must survive a hostile subject (a CRLF that would start a new property, a comma or
 * semicolon that would split a value, a 300-character Chinese subject). So:
 *
 * - TEXT values are escaped (§3.3.11): backslash, semicolon, comma, and every line break as `\n`;
 *   other control characters (which no property may hold, §3.1) are dropped.
 * - Content lines end in CRLF and are folded at 75 octets (§3.1) — octets of UTF-8, never inside
 *   a character: a continuation line starts with one space, which counts towards its 75.
 * - Times are UTC (`…Z`) or, for all-day entries, `VALUE=DATE`: no VTIMEZONE to get wrong.
 */

export type IcsStart = { date: number } | { at: number };

export interface IcsEvent {
  uid: string;
  summary: string;
  description?: string;
  url?: string;
  /** All-day (`date`: that UTC day) or timed (`at`: an instant). */
  start: IcsStart;
  /** Minutes from the start, for timed events (0 is a point in time). */
  durationMinutes?: number;
  created: number;
  lastModified: number;
  sequence: number;
  status: "CONFIRMED" | "TENTATIVE" | "CANCELLED";
  categories?: string[];
  /** TRANSPARENT: shows but does not block time (tasks); OPAQUE: busy (meetings, calls). */
  transparent?: boolean;
}

export interface IcsCalendar {
  /** PRODID: who made it. */
  product: string;
  /** X-WR-CALNAME, the name clients show for a subscription. */
  name: string;
  /** How often clients should refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL), in minutes. */
  refreshMinutes: number;
  events: readonly IcsEvent[];
}

// Control characters no content line may hold (§3.1: CONTROL = %x00-08 / %x0A-1F / %x7F); HTAB
// stays. Line breaks are turned into `\n` before this runs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same, for a test (no global state)
const HAS_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** A TEXT value (§3.3.11): `\\`, `\;`, `\,`, line breaks as `\n`, no control characters. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, "\\n")
    .replace(CONTROL, "");
}

const encoder = new TextEncoder();

/**
 * One content line folded at 75 octets (§3.1), each continuation starting with a space; lines are
 * cut between characters (code points), never inside a character's UTF-8 bytes.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = 74; // the leading space of a continuation line is one of its 75 octets
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `20261207T081500Z` */
export function utcStamp(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** `20261207`: the UTC day of an instant. */
export function utcDay(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

const DAY = 86_400_000;

function eventLines(e: IcsEvent): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${escapeText(e.uid)}`,
    // A published calendar (no METHOD): DTSTAMP is when the entry last changed (§3.8.7.2), so it
    // moves with LAST-MODIFIED instead of with every download.
    `DTSTAMP:${utcStamp(e.lastModified)}`,
    `CREATED:${utcStamp(e.created)}`,
    `LAST-MODIFIED:${utcStamp(e.lastModified)}`,
    `SEQUENCE:${e.sequence}`,
  ];
  if ("date" in e.start) {
    lines.push(`DTSTART;VALUE=DATE:${utcDay(e.start.date)}`, `DTEND;VALUE=DATE:${utcDay(e.start.date + DAY)}`);
  } else {
    lines.push(`DTSTART:${utcStamp(e.start.at)}`);
    lines.push(`DTEND:${utcStamp(e.start.at + (e.durationMinutes ?? 0) * 60_000)}`);
  }
  lines.push(`SUMMARY:${escapeText(e.summary)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  // URI values are not TEXT: nothing to escape, but a URL with a line break or a control
  // character must not end the line, so such a URL is left out.
  if (e.url && /^https?:\/\/\S+$/.test(e.url) && !HAS_CONTROL.test(e.url)) lines.push(`URL:${e.url}`);
  if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(",")}`);
  lines.push(`STATUS:${e.status}`, `TRANSP:${e.transparent ? "TRANSPARENT" : "OPAQUE"}`, "END:VEVENT");
  return lines;
}

/** The whole calendar: CRLF after every (folded) line, the last one included. */
export function renderCalendar(cal: IcsCalendar): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${escapeText(cal.product)}`,
    "CALSCALE:GREGORIAN",
    `X-WR-CALNAME:${escapeText(cal.name)}`,
    `REFRESH-INTERVAL;VALUE=DURATION:PT${cal.refreshMinutes}M`,
    `X-PUBLISHED-TTL:PT${cal.refreshMinutes}M`,
  ];
  for (const e of cal.events) lines.push(...eventLines(e));
  lines.push("END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
