import {
  type CollectionName,
  type FieldKind,
  type FieldSettings,
  type LineItem,
  type SqlType,
  snakeCase,
  sqlColumnsOf,
} from "@crm/schema";
import {
  bool,
  type ColumnSpec,
  type ColumnValue,
  date,
  int,
  LoadError,
  type Loose,
  list,
  num,
  type Row,
  ref,
  type TableSpec,
  text,
  time,
} from "./tables.js";

/*
 * The SQL tables. A record type's table is generated from schema's field descriptors
 * (`sqlColumnsOf`): one column per field that has one, named and typed by its descriptor — the
 * workspace's custom fields included, given its settings (a custom field's column is its key
 * without "cf": `cfTier` → `tier`; see schema's descriptors/sqlNames.ts). The record's id comes
 * first and the bookkeeping stamps (created/updated at/by) last. What the descriptors cannot say
 * is written here, small and explicit: `accounts.churned_at`'s fallback for older records, and
 * the quote_lines/order_lines tables, one row per line.
 *
 * Values are read by kind: references VARCHAR with "" (the records' "none") as NULL so joins
 * work; epoch-ms date-times TIMESTAMP (UTC); "YYYY-MM-DD" dates DATE; money, percentages and
 * numbers DOUBLE (INTEGER for whole-number fields); yes/no BOOLEAN; multi-choices VARCHAR[].
 */

/** Collections in the order their tables load (each only refers to earlier ones). */
export const tableCollections = [
  "accounts",
  "contacts",
  "leads",
  "opportunities",
  "products",
  "quotes",
  "orders",
  "cases",
  "activities",
  "surveyResponses",
  "caseMessages",
  "answerArticles",
  "consents",
] as const satisfies readonly CollectionName[];

/** The bookkeeping fields, which go last. */
const STAMPS = new Set(["createdAt", "createdBy", "updatedAt", "updatedBy"]);

/** How a field's value is read into its column, by the field's kind. */
function readerOf(key: string, kind: FieldKind, type: SqlType): (r: Row) => ColumnValue {
  switch (kind) {
    case "reference":
      return ref(key);
    case "number":
    case "money":
    case "percent":
      return type === "INTEGER" ? int(key) : num(key);
    case "date":
      return date(key);
    case "dateTime":
      return time(key);
    case "boolean":
      return bool(key);
    case "multiPicklist":
      return list(key);
    default:
      return text(key);
  }
}

/** Columns whose value is more than the field's: read from several fields. */
const derived: Partial<Record<CollectionName, Record<string, (r: Row) => ColumnValue>>> = {
  accounts: {
    // When the status became churned; NULL unless churned. Records written before schema kept
    // churnedAt have only their last update to go by.
    churned_at: (a) =>
      (a as { status?: unknown }).status === "churned" ? (time("churnedAt")(a) ?? time("updatedAt")(a)) : null,
  },
};

/** The table of a record type, with the workspace's custom fields when given its settings. */
export function recordTable(collection: CollectionName, settings?: FieldSettings): TableSpec {
  const own = derived[collection] ?? {};
  const columns = sqlColumnsOf(collection, settings).map(
    ({ key, kind, column, type }): ColumnSpec & { key: string } => ({
      key,
      name: column,
      type,
      get: own[column] ?? readerOf(key, kind, type),
    }),
  );
  const ordered = [
    ...columns.filter((c) => c.key === "id"),
    ...columns.filter((c) => c.key !== "id" && !STAMPS.has(c.key)),
    ...columns.filter((c) => STAMPS.has(c.key)),
  ];
  return { name: snakeCase(collection), columns: ordered.map(({ name, type, get }) => ({ name, type, get })) };
}

type LineLike = Loose<LineItem>;

/** One quote or order line as a row: the line's fields plus its parent and its 1-based position. */
export type LineRow = LineLike & { id: string; parentId: string | null; lineNo: number };

/**
 * quantity × unit price, less the discount, plus tax on the discounted amount (line totals incl.
 * discount and tax); NULL when quantity or price is missing.
 */
export function lineTotal(line: LineLike): number | null {
  const quantity = num("quantity")(line);
  const unitPrice = num("unitPrice")(line);
  if (quantity == null || unitPrice == null) return null;
  const discount = num("discountPct")(line) ?? 0;
  const tax = num("taxPct")(line) ?? 0;
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
export function lineRows(table: string, parents: readonly Row[]): LineRow[] {
  const rows: LineRow[] = [];
  for (const p of parents as readonly { id?: string | null; lines?: unknown }[]) {
    const parentId = p.id ?? null;
    if (p.lines != null && !Array.isArray(p.lines)) {
      throw new LoadError(table, parentId ?? "(no id)", "lines", "lines: expected a list of lines");
    }
    ((p.lines ?? []) as LineLike[]).forEach((line, i) => {
      rows.push({ ...line, id: `${parentId} line ${i + 1}`, parentId, lineNo: i + 1 });
    });
  }
  return rows;
}

/** Every table of a workspace, in load order: a record type's, followed by its lines' where it has lines. */
export function tablesFor(settings?: FieldSettings): TableSpec<unknown>[] {
  return tableCollections.flatMap((c): TableSpec<never>[] => [
    recordTable(c, settings),
    ...(c === "quotes" ? [quoteLinesTable] : c === "orders" ? [orderLinesTable] : []),
  ]) as TableSpec<unknown>[];
}
