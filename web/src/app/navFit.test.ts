import { describe, expect, it } from "vitest";
import { sectionsThatFit } from "./navFit.js";

describe("the sections that fit the top bar", () => {
  const widths = [90, 90, 60, 60, 100];

  it("shows them all when they fit side by side, without a More button", () => {
    expect(sectionsThatFit(widths, 400 + 8, 2, 70)).toBe(5);
    expect(sectionsThatFit(widths, 1000, 2, 70)).toBe(5);
  });

  it("keeps as many as fit beside the More button, in order", () => {
    // 70 (More) + 92 + 92 + 62 = 316; the fourth would need 378.
    expect(sectionsThatFit(widths, 377, 2, 70)).toBe(3);
    expect(sectionsThatFit(widths, 316, 2, 70)).toBe(3);
    expect(sectionsThatFit(widths, 315, 2, 70)).toBe(2);
    expect(sectionsThatFit(widths, 50, 2, 70)).toBe(0);
  });
});
