import { describe, expect, it } from "vitest";
import { formatCalendarDay, formatDate, formatDateTime, formatDay, isoDay, localIsoDay } from "./dates.js";

// Vitest runs with TZ=UTC unless the machine says otherwise: local-time expectations are computed.
const at = Date.UTC(2026, 11, 7, 14, 5);
const local = new Date(at);
const hh = String(local.getHours()).padStart(2, "0");
const mm = String(local.getMinutes()).padStart(2, "0");

describe("one date and one date-time format per language", () => {
  it("English names the month (never day/month digits) and uses a 24-hour clock", () => {
    expect(formatDay("en", Date.UTC(2026, 11, 7), { utc: true })).toBe("Dec 7, 2026");
    expect(formatCalendarDay("en", "2026-12-07")).toBe("Dec 7, 2026");
    expect(formatDateTime("en", at)).toBe(`Dec ${local.getDate()}, 2026, ${hh}:${mm}`);
    // The same in every English locale the app has used (en, en-GB, en-US).
    for (const lang of ["en", "en-GB", "en-US"]) expect(formatDateTime(lang, at)).toBe(formatDateTime("en", at));
  });

  it("Chinese uses 年月日 and a 24-hour clock", () => {
    expect(formatDay("zh", Date.UTC(2026, 11, 7), { utc: true })).toBe("2026年12月7日");
    expect(formatCalendarDay("zh", "2026-12-07")).toBe("2026年12月7日");
    expect(formatDateTime("zh", at)).toBe(`2026年12月${local.getDate()}日 ${hh}:${mm}`);
    expect(formatDateTime("zh-CN", at)).toBe(formatDateTime("zh", at));
  });

  it("afternoon and morning hours read unambiguously", () => {
    const morning = new Date(2026, 0, 2, 9, 7).getTime();
    expect(formatDateTime("en", morning)).toBe("Jan 2, 2026, 09:07");
    expect(formatDateTime("zh", morning)).toBe("2026年1月2日 09:07");
  });

  it("a UTC day stays that day whatever the device's time zone", () => {
    expect(formatDay("en", Date.UTC(2026, 0, 1), { utc: true })).toBe("Jan 1, 2026");
  });

  it("keeps text that is not a calendar day as it is", () => {
    expect(formatCalendarDay("en", "")).toBe("");
    expect(formatCalendarDay("en", "next week")).toBe("next week");
    expect(formatCalendarDay("en", "2026-02-31")).toBe("2026-02-31");
  });

  it("formatDate (the older entry point) gives the same two formats", () => {
    expect(formatDate("en", at, { dateStyle: "medium", timeStyle: "short" })).toBe(formatDateTime("en", at));
    expect(formatDate("en-GB", at)).toBe(formatDay("en", at));
    expect(formatDate("zh-CN", at, { dateStyle: "medium" })).toBe(formatDay("zh", at));
    expect(formatDate("en", Date.UTC(2026, 0, 1), { timeZone: "UTC" })).toBe("Jan 1, 2026");
  });

  it("machine days for files and date inputs", () => {
    expect(isoDay(Date.UTC(2026, 11, 7, 23, 59))).toBe("2026-12-07");
    expect(localIsoDay(new Date(2026, 11, 7, 0, 1))).toBe("2026-12-07");
  });
});
