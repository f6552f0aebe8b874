import { z } from "zod";
import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import { text } from "../fields.js";
import { linesTotals } from "../money.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { choice } from "../scalars.js";
import { searchWords } from "./account.js";
import { commonAliases } from "./aliases.js";
import type { LineItem } from "./lines.js";

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

export const orderFields = defineFields<Order>({
  number: field.text(
    { en: "Number", zh: "编号" },
    {
      maxLength: 20,
      unique: true,
      // Taken from the workspace's sequence when the record is made (web runtime/numbers.ts).
      readOnly: true,
      defaultColumn: true,
      aliases: {
        en: [...commonAliases.number.en, "order number"],
        zh: [...commonAliases.number.zh, "订单号", "订单编号"],
      },
    },
  ),
  accountId: field.reference({ en: "Account", zh: "客户" }, "accounts", {
    required: true,
    defaultColumn: true,
    aliases: commonAliases.accountId,
  }),
  quoteId: field.reference({ en: "Quote", zh: "报价" }, "quotes", {
    aliases: { en: ["quote id", "quote"], zh: ["报价单"] },
  }),
  status: field.picklist(
    { en: "Status", zh: "状态" },
    labelled(orderStatuses, {
      new: { en: "New", zh: "新建" },
      confirmed: { en: "Confirmed", zh: "已确认" },
      shipped: { en: "Shipped", zh: "已发货" },
      delivered: { en: "Delivered", zh: "已送达" },
      cancelled: { en: "Cancelled", zh: "已取消" },
      returned: { en: "Returned", zh: "已退货" },
    }),
    { default: "new", defaultColumn: true, aliases: commonAliases.status },
  ),
  orderedAt: field.dateTimeOrNow(
    { en: "Ordered", zh: "下单时间" },
    {
      defaultColumn: true,
      aliases: { en: ["ordered at", "order date", "date"], zh: ["下单时间", "订单日期", "日期"] },
    },
  ),
  lines: field.lines({ en: "Lines", zh: "明细" }),
  // The total is derived, never trusted from input: an import or an old client cannot store a
  // total that disagrees with the lines.
  total: field.money({ en: "Total", zh: "总计" }, { computed: true, defaultColumn: true }),
  statusHistory: field.json({ en: "Status history", zh: "状态历史" }, z.array(statusChange), {
    default: [],
    readOnly: true,
  }),
});

export const OrderType = defineRecordType<Order>({
  typeName: "order",
  collection: "orders",
  // 250k orders in a big workspace: 128 documents of ~1,950 orders each (docs.ts).
  shards: 128,
  migrations: [],
  fields: orderFields,
  refine: (o) => ({ ...o, total: linesTotals(o.lines).total }),
  searchTerms: (o) => searchWords(o.number),
  sortKey: (o) => o.number.toLocaleLowerCase(),
});

/** The built-in fields' validator (`OrderType.validate` adds the workspace's custom fields). */
export const orderInput = OrderType.input;
export type OrderInput = RecordInput<Order>;
