import { describe, expect, it } from "vitest";
import { formatDate } from "./dates.js";

describe("formatDate", () => {
  it("formats like toLocaleDateString / toLocaleString, per locale and style", () => {
    const at = Date.UTC(2026, 10, 24, 15, 30);
    for (const locale of ["en", "zh-CN"]) {
      expect(formatDate(locale, at, { dateStyle: "medium" })).toBe(
        new Date(at).toLocaleDateString(locale, { dateStyle: "medium" }),
      );
      expect(formatDate(locale, at, { dateStyle: "medium", timeStyle: "short" })).toBe(
        new Date(at).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" }),
      );
      expect(formatDate(locale, at)).toBe(new Date(at).toLocaleDateString(locale));
    }
    // The cached English formatter is not reused for Chinese.
    expect(formatDate("en", at, { dateStyle: "medium" })).not.toBe(formatDate("zh-CN", at, { dateStyle: "medium" }));
  });
});
