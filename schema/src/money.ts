import type { LineItem } from "./records/lines.js";

/*
 * Money arithmetic in integer cents. Binary floating point cannot hold 0.1 or 1.005 exactly, so
 * `1.005 * 100` is 100.49999… and a naive round gives 1.00. Every amount is first turned into
 * exact integers (cents, quantity in 1/10,000, percentages in 1/100 of a percent), the line total
 * is computed exactly with BigInt, and rounded once, half away from zero, to the cent.
 */

/** An amount in the currency's units → integer cents (1.005 → 101, as written, not as stored). */
export function toCents(amount: number): number {
  if (!Number.isFinite(amount)) throw new RangeError(`not an amount: ${amount}`);
  // 15 significant digits give back the decimal the number was written as.
  return Math.round(Number((amount * 100).toPrecision(15)));
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** A decimal as an integer scaled by 10^digits (decimals beyond that are rounded off). */
function scaled(value: number, digits: number): bigint {
  // Whole numbers (most quantities and percentages) are exact already; skip the decimal detour.
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 40) return BigInt(value * 10 ** digits);
  return BigInt(Math.round(Number((value * 10 ** digits).toPrecision(15))));
}

/** n / d rounded half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (2n * (r < 0n ? -r : r) >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

export interface LineAmounts {
  /** quantity × unit price */
  gross: number;
  /** the discount taken off gross */
  discount: number;
  /** tax on the discounted amount */
  tax: number;
  /** gross − discount + tax: what the customer pays for the line */
  total: number;
}

type Line = Pick<LineItem, "quantity" | "unitPrice" | "discountPct" | "taxPct">;

/**
 * A line's amounts in cents. total = qty × unit price × (1 − discount%) × (1 + tax%), rounded once
 * to the cent; the discounted net is rounded the same way, so gross − discount + tax = total.
 */
export function lineAmountsCents(line: Line): LineAmounts {
  const q = scaled(line.quantity, 4); // quantity × 10^4
  // Unit prices may have fractions of a cent (0.125 per screw): 10^-4 of the currency unit.
  const p = scaled(line.unitPrice, 4);
  const keep = 10_000n - scaled(line.discountPct, 2); // (1 − d) × 10^4
  const taxed = 10_000n + scaled(line.taxPct, 2); // (1 + t) × 10^4
  // q·p is in 10^-8 currency units = 10^-6 cents; each percentage factor adds 10^4.
  const qp = q * p;
  const gross = divRound(qp, 10n ** 6n);
  const net = divRound(qp * keep, 10n ** 10n);
  const total = divRound(qp * keep * taxed, 10n ** 14n);
  return { gross: Number(gross), discount: Number(gross - net), tax: Number(total - net), total: Number(total) };
}

/** A line's total in the currency (for the stored `total` and for display). */
export function lineTotal(line: Line): number {
  return fromCents(lineAmountsCents(line).total);
}

/** Sums of every line's amounts, in the currency. The total is the sum of the rounded line totals. */
export function linesTotals(lines: readonly Line[]): LineAmounts {
  const sum = { gross: 0, discount: 0, tax: 0, total: 0 };
  for (const line of lines) {
    const a = lineAmountsCents(line);
    sum.gross += a.gross;
    sum.discount += a.discount;
    sum.tax += a.tax;
    sum.total += a.total;
  }
  return {
    gross: fromCents(sum.gross),
    discount: fromCents(sum.discount),
    tax: fromCents(sum.tax),
    total: fromCents(sum.total),
  };
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Formats an amount for people, in the workspace currency and the reader's locale. One
 * `Intl.NumberFormat` per locale and currency, kept: building one costs about a millisecond, and
 * lists format an amount per row.
 */
export function formatMoney(amount: number, currency: string, locale = "en"): string {
  const key = `${locale} ${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    moneyFormats.set(key, format);
  }
  return format.format(amount);
}
