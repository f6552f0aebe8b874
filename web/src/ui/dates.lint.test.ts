import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * One date format per language holds only while every screen formats through ui/dates.ts. This
 * reads web/src and fails on any other way of turning a date into text for people (or into a
 * "YYYY-MM-DD" by slicing an ISO string): use formatDay / formatDateTime / formatCalendarDay, or
 * isoDay / localIsoDay for machine text.
 */

const SRC = join(import.meta.dirname, "..");
const ALLOWED = new Set(["ui/dates.ts"]);

const forbidden: [RegExp, string][] = [
  [/\.toLocaleDateString\s*\(/, "toLocaleDateString"],
  [/\.toLocaleTimeString\s*\(/, "toLocaleTimeString"],
  [/Intl\s*\.\s*DateTimeFormat/, "Intl.DateTimeFormat"],
  [/new Date\([^)]*\)\s*\.toLocaleString\s*\(/, "Date#toLocaleString"],
  [/\.toLocaleString\s*\([^)]*\b(dateStyle|timeStyle|hour|minute|month|weekday)\b/, "toLocaleString with date options"],
  [/\.toISOString\s*\(\s*\)\s*\.\s*(slice|substring|substr|split)\s*\(/, "a sliced ISO string"],
  [/from\s+["'](date-fns|dayjs|moment|luxon)/, "a date library"],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** "file:line: what" for every forbidden use in `text`. */
export function findDateFormatting(file: string, text: string): string[] {
  const out: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const [re, what] of forbidden) if (re.test(line)) out.push(`${file}:${i + 1}: ${what}`);
  });
  return out;
}

describe("dates are formatted only by ui/dates.ts", () => {
  it("recognises each forbidden way (so the scan below can fail)", () => {
    const samples = [
      "new Date(x).toLocaleDateString(locale)",
      "d.toLocaleTimeString()",
      "new Intl.DateTimeFormat('en')",
      "new Date(ms).toLocaleString(lang)",
      "at.toLocaleString('en', { dateStyle: 'medium' })",
      "new Date(ms).toISOString().slice(0, 10)",
      'import { format } from "date-fns";',
    ];
    for (const s of samples) expect(findDateFormatting("x.ts", s), s).toHaveLength(1);
    // Numbers are formatted with toLocaleString too: that stays allowed.
    expect(findDateFormatting("x.ts", "total.toLocaleString()")).toEqual([]);
  });

  it("finds none anywhere else in web/src", () => {
    const found = sources(SRC).flatMap((path) => {
      const file = relative(SRC, path).split("\\").join("/");
      return ALLOWED.has(file) ? [] : findDateFormatting(file, readFileSync(path, "utf8"));
    });
    expect(found).toEqual([]);
  });
});
