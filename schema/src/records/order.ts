import { z } from "zod";
import { requiredText, text } from "../fields.js";
import { linesTotals } from "../money.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { choice, timeOrNow } from "../scalars.js";
import { searchWords } from "./account.js";
import { type LineItem, linesInput } from "./lines.js";

// An Order is what an Account bought. Its status moves along orderFlow.ts's transitions, each
// appended to statusHistory, so analytics can tell when an order shipped or was returned.

export const orderStatuses = ["new", "confirmed", "shipped", "delivered", "cancelled", "returned"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export interface StatusChange {
  status: OrderStatus;
  at: number;
  by: string;
}

export interface Order extends BaseRecord {
  /** "O-00042" */
  number: string;
  accountId: string;
  quoteId: string;
  status: OrderStatus;
  orderedAt: number;
  lines: LineItem[];
  /** Sum of the line totals including discount and tax; always computed from `lines`. */
  total: number;
  statusHistory: StatusChange[];
}

const statusChange = z.object({
  status: choice(orderStatuses, "new"),
  at: z
    .number({ error: "invalidDateTime" })
    .int({ error: "invalidDateTime" })
    .nonnegative({ error: "invalidDateTime" }),
  by: text(100).default(""),
});

export const orderInput = z
  .object({
    number: text(20).default(""),
    accountId: requiredText(40),
    quoteId: text(40).default(""),
    status: choice(orderStatuses, "new"),
    orderedAt: timeOrNow(),
    lines: linesInput(),
    statusHistory: z.array(statusChange).default([]),
  })
  // The total is derived, never trusted from input: an import or an old client cannot store a
  // total that disagrees with the lines.
  .transform((o) => ({ ...o, total: linesTotals(o.lines).total }));
export type OrderInput = z.input<typeof orderInput>;

export const OrderType = defineRecordType<Order, typeof orderInput>({
  typeName: "order",
  collection: "orders",
  // 250k orders in a big workspace: 128 documents of ~1,950 orders each (docs.ts).
  shards: 128,
  migrations: [],
  input: orderInput,
  defaults: () => ({
    number: "",
    accountId: "",
    quoteId: "",
    status: "new",
    orderedAt: 0,
    lines: [],
    total: 0,
    statusHistory: [],
  }),
  searchTerms: (o) => searchWords(o.number),
  sortKey: (o) => o.number.toLocaleLowerCase(),
  unique: ["number"],
});
