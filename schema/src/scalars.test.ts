import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  bool,
  choice,
  dateOnly,
  isDateOnly,
  numberField,
  optionalTime,
  parseDateTime,
  parseNumber,
} from "./scalars.js";

const parse = (schema: z.ZodType, v: unknown) => {
  const r = schema.safeParse(v);
  return r.success ? r.data : `!${r.error.issues[0]?.message}`;
};

describe("values typed in a form or a spreadsheet cell", () => {
  it("reads numbers with thousands separators and refuses text", () => {
    expect(parseNumber(" 1,234.50 ")).toBe(1234.5);
    expect(parseNumber("1e3")).toBe(1000);
    expect(parseNumber("12abc")).toBeNaN();
    expect(parseNumber("1,2")).toBeNaN();
    const pct = numberField(0, { min: 0, max: 100 });
    expect(parse(pct, "")).toBe(0);
    expect(parse(pct, "101")).toBe("!outOfRange");
    expect(parse(pct, "ten")).toBe("!invalidNumber");
    expect(parse(numberField(null, { integer: true }), "2.5")).toBe("!notInteger");
  });

  it("accepts only real calendar dates as YYYY-MM-DD", () => {
    expect(isDateOnly("2024-02-29")).toBe(true);
    expect(isDateOnly("2026-02-29")).toBe(false);
    expect(parse(dateOnly(), "2026-13-01")).toBe("!invalidDate");
    expect(parse(dateOnly(), "24.11.2026")).toBe("!invalidDate");
    expect(parse(dateOnly(), " 2026-11-24 ")).toBe("2026-11-24");
  });

  it("reads times as epoch ms, ISO 8601 (UTC when no zone is given) or empty", () => {
    expect(parseDateTime("2026-11-24T09:30:00Z")).toBe(Date.UTC(2026, 10, 24, 9, 30));
    expect(parseDateTime("2026-11-24 09:30")).toBe(Date.UTC(2026, 10, 24, 9, 30));
    expect(parseDateTime("2026-11-24T09:30:00+01:00")).toBe(Date.UTC(2026, 10, 24, 8, 30));
    expect(parseDateTime("1764000000000")).toBe(1764000000000);
    expect(parseDateTime("2026-02-30T10:00Z")).toBeNaN();
    expect(parse(optionalTime(), "")).toBeNull();
    expect(parse(optionalTime(), "next tuesday")).toBe("!invalidDateTime");
  });

  it("reads yes/no and choices case-insensitively, in English and Chinese", () => {
    expect(parse(bool(false), "Yes")).toBe(true);
    expect(parse(bool(true), "否")).toBe(false);
    expect(parse(bool(true), "")).toBe(true);
    expect(parse(bool(true), "maybe")).toBe("!invalidBoolean");
    expect(parse(choice(["low", "high"] as const, "low"), "HIGH")).toBe("high");
    expect(parse(choice(["low", "high"] as const, "low"), "medium")).toBe("!invalidChoice");
  });
});
