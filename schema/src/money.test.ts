import { describe, expect, it } from "vitest";
import { formatMoney, lineAmountsCents, linesTotals, lineTotal, toCents } from "./money.js";

const line = (quantity: number, unitPrice: number, discountPct = 0, taxPct = 0) => ({
  quantity,
  unitPrice,
  discountPct,
  taxPct,
});

describe("money in integer cents", () => {
  it("reads amounts as written, not as binary floating point stores them", () => {
    expect(toCents(1.005)).toBe(101);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(19.99)).toBe(1999);
    expect(() => toCents(Number.NaN)).toThrow(/not an amount/);
  });

  it("computes qty × price × (1 − discount) × (1 + tax), rounded once, half away from zero", () => {
    // 3 × 19.99 = 59.97; −10% = 53.973; +19% = 64.22787 → 64.23
    expect(lineTotal(line(3, 19.99, 10, 19))).toBe(64.23);
    // 1 × 0.125 with no discount/tax: half a cent rounds up; a price in fractions of a cent is
    // not rounded before it is multiplied (1,000 screws at 0.125 cost 125.00, not 130.00).
    expect(lineTotal(line(1, 0.125))).toBe(0.13);
    expect(lineTotal(line(1000, 0.125))).toBe(125);
    // A naive float computation gives 1.0049999 → 1.00; exact arithmetic gives 1.01.
    expect(lineTotal(line(1, 1.005))).toBe(1.01);
    // Fractional quantities (hours) and percentages
    expect(lineTotal(line(2.5, 80, 12.5, 7.5))).toBe(188.13);
  });

  it("splits a line into gross, discount and tax that add up to its total", () => {
    const a = lineAmountsCents(line(7, 13.33, 15, 20));
    expect(a.gross).toBe(9331);
    expect(a.gross - a.discount + a.tax).toBe(a.total);
    expect(a.total).toBe(9518);
  });

  it("totals a quote as the sum of its rounded line totals", () => {
    const lines = [line(1, 0.333, 0, 0), line(1, 0.333, 0, 0), line(1, 0.333, 0, 0)];
    // Each line is 0.33; the document shows three lines of 0.33 and must total 0.99, not 1.00.
    expect(linesTotals(lines).total).toBe(0.99);
    expect(linesTotals([]).total).toBe(0);
    expect(linesTotals([line(2, 100, 50, 10), line(1, 10)])).toEqual({
      gross: 210,
      discount: 100,
      tax: 10,
      total: 120,
    });
  });

  it("formats for people in the workspace currency", () => {
    expect(formatMoney(1234.5, "EUR", "en")).toBe("€1,234.50");
  });
});
