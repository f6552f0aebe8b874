import { describe, expect, it } from "vitest";
import { planQuoteAcceptance, TransitionError, transitionOrder, transitionQuote } from "./orderFlow.js";
import { OrderType } from "./records/order.js";
import type { Quote } from "./records/quote.js";

const by = (at: number) => ({ at, by: "u1" });

describe("order status", () => {
  it("walks new → confirmed → shipped → delivered, appending each step to the history", () => {
    const order = {
      number: "O-00001",
      status: "new" as const,
      statusHistory: [{ status: "new" as const, at: 1, by: "u0" }],
    };
    let next = transitionOrder(order, "confirmed", by(2));
    next = transitionOrder({ ...order, ...next }, "shipped", by(3));
    next = transitionOrder({ ...order, ...next }, "delivered", by(4));
    expect(next.status).toBe("delivered");
    expect(next.statusHistory.map((h) => `${h.status}@${h.at}`)).toEqual([
      "new@1",
      "confirmed@2",
      "shipped@3",
      "delivered@4",
    ]);
    // The input is not mutated: the caller writes the returned fields.
    expect(order.statusHistory).toHaveLength(1);
  });

  it("refuses an illegal move with a message that says what is allowed", () => {
    const order = { number: "O-00007", status: "new" as const, statusHistory: [] };
    expect(() => transitionOrder(order, "delivered", by(1))).toThrow(
      'Order O-00007 cannot go from "new" to "delivered"; from "new" it can go to: confirmed, cancelled',
    );
    const cancelled = { number: "O-8", status: "cancelled" as const, statusHistory: [] };
    expect(() => transitionOrder(cancelled, "confirmed", by(1))).toThrow(/"cancelled" is final/);
    expect(() => transitionOrder({ ...order, status: "confirmed" }, "returned", by(1))).toThrow(TransitionError);
    expect(transitionOrder({ ...order, status: "delivered" }, "returned", by(9)).status).toBe("returned");
  });

  it("moves quotes draft → sent → accepted and not back from accepted", () => {
    expect(transitionQuote({ number: "Q-1", status: "draft" }, "sent")).toEqual({ status: "sent" });
    expect(() => transitionQuote({ number: "Q-1", status: "accepted" }, "draft")).toThrow(/final/);
  });
});

describe("an accepted quote becomes an order", () => {
  const quote: Quote = {
    id: "q1",
    number: "Q-00042",
    accountId: "a1",
    opportunityId: "o1",
    contactId: "c1",
    status: "sent",
    validUntil: "2026-12-01",
    lines: [
      { id: "L1", productId: "p1", description: "Pump", quantity: 2, unitPrice: 99.99, discountPct: 10, taxPct: 19 },
      { id: "L2", productId: "p2", description: "Install", quantity: 1.5, unitPrice: 80, discountPct: 0, taxPct: 19 },
    ],
    orderId: "",
    createdAt: 1,
    createdBy: "u",
    updatedAt: 1,
    updatedBy: "u",
  };

  it("copies the lines, totals them and links quote and order both ways", () => {
    const plan = planQuoteAcceptance(quote, { id: "r1", number: "O-00042", at: 100, by: "u2" });
    expect(plan.quoteChanges).toEqual({ status: "accepted", orderId: "r1" });
    // 2 × 99.99 × 0.9 × 1.19 = 214.18 ; 1.5 × 80 × 1.19 = 142.80
    expect(plan.order).toMatchObject({ accountId: "a1", quoteId: "q1", status: "new", orderedAt: 100, total: 356.98 });
    expect(plan.order.statusHistory).toEqual([{ status: "new", at: 100, by: "u2" }]);
    // What the plan produces is a valid order.
    expect(OrderType.validate(plan.order)).toMatchObject({ ok: true, value: { total: 356.98 } });
    // The order's lines are copies: editing them later leaves what the quote said.
    plan.order.lines![0]!.quantity = 99;
    expect(quote.lines[0]!.quantity).toBe(2);
  });

  it("refuses a quote that was already ordered, rejected or is empty", () => {
    const at = { id: "r", number: "O-1", at: 1, by: "u" };
    expect(() => planQuoteAcceptance({ ...quote, orderId: "r0" }, at)).toThrow(/already ordered/);
    expect(() => planQuoteAcceptance({ ...quote, status: "rejected" }, at)).toThrow(/cannot go from "rejected"/);
    expect(() => planQuoteAcceptance({ ...quote, lines: [] }, at)).toThrow(/no lines/);
  });
});
