import type { RecordValues } from "./descriptors/spec.js";
import { linesTotals } from "./money.js";
import type { Order, OrderStatus, StatusChange } from "./records/order.js";
import type { Quote, QuoteStatus } from "./records/quote.js";

/*
 * How quotes and orders move. An order goes new → confirmed → shipped → delivered; it can be
 * cancelled before it ships, and returned once shipped or delivered. Cancelled and returned are
 * final (a new order is made instead), so statusHistory tells one straight story.
 */

export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  new: ["confirmed", "cancelled"],
  confirmed: ["shipped", "cancelled"],
  shipped: ["delivered", "returned"],
  delivered: ["returned"],
  cancelled: [],
  returned: [],
};

export const quoteTransitions: Record<QuoteStatus, readonly QuoteStatus[]> = {
  draft: ["sent", "accepted", "rejected"],
  sent: ["accepted", "rejected", "draft"],
  accepted: [],
  rejected: ["draft"],
};

export class TransitionError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
    allowed: readonly string[],
    what: string,
  ) {
    super(
      `${what} cannot go from "${from}" to "${to}"; ` +
        (allowed.length ? `from "${from}" it can go to: ${allowed.join(", ")}` : `"${from}" is final`),
    );
  }
}

/** The fields to write to move an order to `to`: the status and the history with one entry more. */
export function transitionOrder(
  order: Pick<Order, "number" | "status" | "statusHistory">,
  to: OrderStatus,
  by: { at: number; by: string },
): Pick<Order, "status" | "statusHistory"> {
  const allowed = orderTransitions[order.status];
  if (!allowed.includes(to)) throw new TransitionError(order.status, to, allowed, `Order ${order.number || ""}`.trim());
  const entry: StatusChange = { status: to, at: by.at, by: by.by };
  return { status: to, statusHistory: [...order.statusHistory, entry] };
}

export function transitionQuote(quote: Pick<Quote, "number" | "status">, to: QuoteStatus): { status: QuoteStatus } {
  const allowed = quoteTransitions[quote.status];
  if (!allowed.includes(to)) throw new TransitionError(quote.status, to, allowed, `Quote ${quote.number || ""}`.trim());
  return { status: to };
}

/**
 * Accepting a quote makes an order: the quote's lines copied (later price-book changes do not
 * touch what was agreed), status "new" with its first history entry, and the quote marked
 * accepted and pointing at the order. The caller chooses the order's id and number.
 */
export function planQuoteAcceptance(
  quote: Quote,
  order: { id: string; number: string; at: number; by: string },
): { quoteChanges: Pick<Quote, "status" | "orderId">; order: RecordValues<Order> } {
  if (quote.orderId) throw new TransitionError(quote.status, "accepted", [], `Quote ${quote.number} (already ordered)`);
  const { status } = transitionQuote(quote, "accepted");
  if (!quote.lines.length) throw new Error(`Quote ${quote.number} has no lines: there is nothing to order`);
  const lines = quote.lines.map((l) => ({ ...l }));
  return {
    quoteChanges: { status, orderId: order.id },
    order: {
      number: order.number,
      accountId: quote.accountId,
      quoteId: quote.id,
      status: "new",
      orderedAt: order.at,
      lines,
      total: linesTotals(lines).total,
      statusHistory: [{ status: "new", at: order.at, by: order.by }],
    },
  };
}
