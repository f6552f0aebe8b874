import type { Table } from "apache-arrow";
import type {
  AccountLike,
  ActivityLike,
  CaseLike,
  ContactLike,
  LeadLike,
  LineItemLike,
  OpportunityLike,
  OrderLike,
  ProductLike,
  QuoteLike,
  SurveyResponseLike,
} from "./records.js";
import {
  bool,
  type ColumnSpec,
  date,
  int,
  LoadError,
  num,
  ref,
  type TableSpec,
  text,
  time,
  toArrowTable,
} from "./tables.js";

/*
 * The SQL tables, one TableSpec each: the snake_case projection of the record contract.
 * Epoch-ms fields are TIMESTAMP (UTC) named *_at, "YYYY-MM-DD" fields DATE, money and percentages
 * DOUBLE, references VARCHAR named *_id with "" (the contract's "none") as NULL. Quote and order
 * lines get tables of their own (quote_lines, order_lines), one row per line.
 */

/** created_at / updated_at, the BaseRecord times every table carries last. */
function stamps<R extends { createdAt?: number | null; updatedAt?: number | null }>(): ColumnSpec<R>[] {
  return [
    { name: "created_at", type: "TIMESTAMP", get: time<R>("createdAt") },
    { name: "updated_at", type: "TIMESTAMP", get: time<R>("updatedAt") },
  ];
}

/** `accounts`. churned_at: when the status became churned; NULL unless the status is churned. */
export const accountsTable: TableSpec<AccountLike> = {
  name: "accounts",
  columns: [
    { name: "id", type: "VARCHAR", get: text("id") },
    { name: "name", type: "VARCHAR", get: text("name") },
    { name: "industry", type: "VARCHAR", get: text("industry") },
    { name: "status", type: "VARCHAR", get: text("status") },
    { name: "owner", type: "VARCHAR", get: text("owner") },
    { name: "website", type: "VARCHAR", get: text("website") },
    { name: "email", type: "VARCHAR", get: text("email") },
    { name: "phone", type: "VARCHAR", get: text("phone") },
    { name: "billing_city", type: "VARCHAR", get: text("billingCity") },
    { name: "billing_country", type: "VARCHAR", get: text("billingCountry") },
    ...stamps<AccountLike>(),
    {
      name: "churned_at",
      type: "TIMESTAMP",
      // Records written before schema kept churnedAt have only the last update to go by.
      get: (a) =>
        a.status === "churned" ? (time<AccountLike>("churnedAt")(a) ?? time<AccountLike>("updatedAt")(a)) : null,
    },
  ],
};

export const contactsTable: TableSpec<ContactLike> = {
  name: "contacts",
  columns: [
    { name: "id", type: "VARCHAR", get: text("id") },
    { name: "first_name", type: "VARCHAR", get: text("firstName") },
    { name: "last_name", type: "VARCHAR", get: text("lastName") },
    { name: "email", type: "VARCHAR", get: text("email") },
    { name: "phone", type: "VARCHAR", get: text("phone") },
    { name: "title", type: "VARCHAR", get: text("title") },
    { name: "account_id", type: "VARCHAR", get: ref("accountId") },
    ...stamps<ContactLike>(),
  ],
};

export const leadsTable: TableSpec<LeadLike> = {
  name: "leads",
  columns: [
    { name: "id", type: "VARCHAR", get: text("id") },
    { name: "first_name", type: "VARCHAR", get: text("firstName") },
    { name: "last_name", type: "VARCHAR", get: text("lastName") },
    { name: "company", type: "VARCHAR", get: text("company") },
    { name: "title", type: "VARCHAR", get: text("title") },
    { name: "email", type: "VARCHAR", get: text("email") },
    { name: "phone", type: "VARCHAR", get: text("phone") },
    { name: "source", type: "VARCHAR", get: text("source") },
    { name: "status", type: "VARCHAR", get: text("status") },
    { name: "score", type: "DOUBLE", get: num("score") },
    { name: "owner", type: "VARCHAR", get: text("owner") },
    { name: "converted_at", type: "TIMESTAMP", get: time("convertedAt") },
    { name: "converted_account_id", type: "VARCHAR", get: ref("convertedAccountId") },
    { name: "converted_contact_id", type: "VARCHAR", get: ref("convertedContactId") },
    { name: "converted_opportunity_id", type: "VARCHAR", get: ref("convertedOpportunityId") },
    ...stamps<LeadLike>(),
  ],
};

export const opportunitiesTable: TableSpec<OpportunityLike> = {
  name: "opportunities",
  columns: [
    { name: "id", type: "VARCHAR", get: text("id") },
    { name: "name", type: "VARCHAR", get: text("name") },
    { name: "account_id", type: "VARCHAR", get: ref("accountId") },
    { name: "contact_id", type: "VARCHAR", get: ref("contactId") },
    { name: "stage", type: "VARCHAR", get: text("stage") },
    { name: "amount", type: "DOUBLE", get: num("amount") },
    { name: "probability", type: "DOUBLE", get: num("probability") },
    { name: "close_date", type: "DATE", get: date("closeDate") },
    { name: "owner", type: "VARCHAR", get: text("owner") },
    { name: "won_at", type: "TIMESTAMP", get: time("wonAt") },
    { name: "lost_at", type: "TIMESTAMP", get: time("lostAt") },
    ...stamps<OpportunityLike>(),
  ],
};

export const productsTable: TableSpec<ProductLike> = {
  name: "products",
  columns: [
    { name: "id", type: "VARCHAR", get: text("id") },
    { name: "name", type: "VARCHAR", get: text("name") },
    { name: "sku", type: "VARCHAR", get: text("sku") },
    { name: "unit_price", type: "DOUBLE", get: num("unitPrice") },
    { name: "cost", type: "DOUBLE", get: num("cost") },
    { name: "active", type: "BOOLEAN", get: bool("active") },
    { name: "description", type: "VARCHAR", get: text("description") },
    ...stamps<ProductLike>(),
  ],
};

export const quotesTable: TableSpec<QuoteLike> = {
  name: "quotes",
  columns: [
    { name: "id", type: "VARCHAR", get: text("id") },
    { name: "number", type: "VARCHAR", get: text("number") },
    { name: "account_id", type: "VARCHAR", get: ref("accountId") },
    { name: "opportunity_id", type: "VARCHAR", get: ref("opportunityId") },
    { name: "contact_id", type: "VARCHAR", get: ref("contactId") },
    { name: "status", type: "VARCHAR", get: text("status") },
    { name: "valid_until", type: "DATE", get: date("validUntil") },
    { name: "order_id", type: "VARCHAR", get: ref("orderId") },
    ...stamps<QuoteLike>(),
  ],
};

export const ordersTable: TableSpec<OrderLike> = {
  name: "orders",
  columns: [
    { name: "id", type: "VARCHAR", get: text("id") },
    { name: "number", type: "VARCHAR", get: text("number") },
    { name: "account_id", type: "VARCHAR", get: ref("accountId") },
    { name: "quote_id", type: "VARCHAR", get: ref("quoteId") },
    { name: "status", type: "VARCHAR", get: text("status") },
    { name: "ordered_at", type: "TIMESTAMP", get: time("orderedAt") },
    { name: "total", type: "DOUBLE", get: num("total") },
    ...stamps<OrderLike>(),
  ],
};

export const casesTable: TableSpec<CaseLike> = {
  name: "cases",
  columns: [
    { name: "id", type: "VARCHAR", get: text("id") },
    { name: "subject", type: "VARCHAR", get: text("subject") },
    { name: "account_id", type: "VARCHAR", get: ref("accountId") },
    { name: "contact_id", type: "VARCHAR", get: ref("contactId") },
    { name: "status", type: "VARCHAR", get: text("status") },
    { name: "priority", type: "VARCHAR", get: text("priority") },
    { name: "channel", type: "VARCHAR", get: text("channel") },
    { name: "assignee", type: "VARCHAR", get: text("assignee") },
    { name: "opened_at", type: "TIMESTAMP", get: time("openedAt") },
    { name: "first_response_at", type: "TIMESTAMP", get: time("firstResponseAt") },
    { name: "resolved_at", type: "TIMESTAMP", get: time("resolvedAt") },
    { name: "closed_at", type: "TIMESTAMP", get: time("closedAt") },
    { name: "escalated_at", type: "TIMESTAMP", get: time("escalatedAt") },
    ...stamps<CaseLike>(),
  ],
};

export const activitiesTable: TableSpec<ActivityLike> = {
  name: "activities",
  columns: [
    { name: "id", type: "VARCHAR", get: text("id") },
    { name: "kind", type: "VARCHAR", get: text("kind") },
    { name: "subject", type: "VARCHAR", get: text("subject") },
    { name: "due_at", type: "TIMESTAMP", get: time("dueAt") },
    { name: "done", type: "BOOLEAN", get: bool("done") },
    { name: "done_at", type: "TIMESTAMP", get: time("doneAt") },
    { name: "related_type", type: "VARCHAR", get: text("relatedType") },
    { name: "related_id", type: "VARCHAR", get: ref("relatedId") },
    { name: "account_id", type: "VARCHAR", get: ref("accountId") },
    { name: "owner", type: "VARCHAR", get: text("owner") },
    ...stamps<ActivityLike>(),
  ],
};

export const surveyResponsesTable: TableSpec<SurveyResponseLike> = {
  name: "survey_responses",
  columns: [
    { name: "id", type: "VARCHAR", get: text("id") },
    { name: "kind", type: "VARCHAR", get: text("kind") },
    { name: "score", type: "INTEGER", get: int("score") },
    { name: "channel", type: "VARCHAR", get: text("channel") },
    { name: "account_id", type: "VARCHAR", get: ref("accountId") },
    { name: "case_id", type: "VARCHAR", get: ref("caseId") },
    { name: "responded_at", type: "TIMESTAMP", get: time("respondedAt") },
    { name: "comment", type: "VARCHAR", get: text("comment") },
    ...stamps<SurveyResponseLike>(),
  ],
};

/** One quote or order line as a row: the line's fields plus its parent and its 1-based position. */
export type LineRow = LineItemLike & { parentId: string | null; lineNo: number };

/**
 * quantity × unit price, less the discount, plus tax on the discounted amount (the contract's
 * "line totals incl. discount and tax"); NULL when quantity or price is missing.
 */
export function lineTotal(line: LineItemLike): number | null {
  const quantity = num<LineItemLike>("quantity")(line);
  const unitPrice = num<LineItemLike>("unitPrice")(line);
  if (quantity == null || unitPrice == null) return null;
  const discount = num<LineItemLike>("discountPct")(line) ?? 0;
  const tax = num<LineItemLike>("taxPct")(line) ?? 0;
  return quantity * unitPrice * (1 - discount / 100) * (1 + tax / 100);
}

function lineColumns(parentColumn: "quote_id" | "order_id"): ColumnSpec<LineRow>[] {
  return [
    { name: parentColumn, type: "VARCHAR", get: (l) => l.parentId },
    { name: "line_no", type: "INTEGER", get: (l) => l.lineNo },
    { name: "product_id", type: "VARCHAR", get: ref("productId") },
    { name: "description", type: "VARCHAR", get: text("description") },
    { name: "quantity", type: "DOUBLE", get: num("quantity") },
    { name: "unit_price", type: "DOUBLE", get: num("unitPrice") },
    { name: "discount_pct", type: "DOUBLE", get: num("discountPct") },
    { name: "tax_pct", type: "DOUBLE", get: num("taxPct") },
    { name: "line_total", type: "DOUBLE", get: lineTotal },
  ];
}

export const quoteLinesTable: TableSpec<LineRow> = { name: "quote_lines", columns: lineColumns("quote_id") };
export const orderLinesTable: TableSpec<LineRow> = { name: "order_lines", columns: lineColumns("order_id") };

/** The lines of quotes or orders as rows. A line's `id` in error messages reads "<parent> line <n>". */
export function lineRows(table: string, parents: readonly (QuoteLike | OrderLike)[]): LineRow[] {
  const rows: LineRow[] = [];
  for (const p of parents) {
    const parentId = p.id ?? null;
    if (p.lines != null && !Array.isArray(p.lines)) {
      throw new LoadError(table, parentId ?? "(no id)", "lines", "lines: expected a list of lines");
    }
    (p.lines ?? []).forEach((line, i) => {
      rows.push({ ...line, id: `${parentId} line ${i + 1}`, parentId, lineNo: i + 1 });
    });
  }
  return rows;
}

/** The Arrow table for `accounts`. Extra fields on the records (sortKey, terms, _v...) are ignored. */
export function accountsToArrow(accounts: readonly AccountLike[]): Table {
  return toArrowTable(accountsTable, accounts);
}
