import { z } from "zod";
import { text } from "../fields.js";
import { money, numberField, percent } from "../scalars.js";

/** One line of a quote or an order. Percentages are 0–100; the line total is computed (money.ts). */
export interface LineItem {
  /** Stable within its quote/order, so two people editing different lines both keep their edit. */
  id: string;
  productId: string;
  description: string;
  quantity: number;
  unitPrice: number;
  discountPct: number;
  taxPct: number;
}

export const lineInput = z.object({
  id: text(40).default(""),
  productId: text(40).default(""),
  description: text(500).default(""),
  quantity: numberField(1, { min: 0 }),
  unitPrice: money(),
  discountPct: percent(0),
  taxPct: percent(0),
});

/**
 * Lines as given, with an id for every line that has none ("L<n>", the next unused number): ids
 * stay unique and deterministic, so validating the same input twice gives the same record.
 */
export const linesInput = () =>
  z
    .array(lineInput)
    .max(500, { error: "tooLong" })
    .default([])
    .transform((lines): LineItem[] => {
      const used = new Set(lines.map((l) => l.id).filter(Boolean));
      let next = 1;
      return lines.map((l) => {
        if (l.id) return l;
        while (used.has(`L${next}`)) next++;
        used.add(`L${next}`);
        return { ...l, id: `L${next}` };
      });
    });
