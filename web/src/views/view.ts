import type { CollectionName } from "@crm/schema";
import { z } from "zod";
import { type FieldKind, fieldsOf, findField, type ViewField } from "./fields.js";

/*
 * A list view: which rows (filters, "mine", the search words), in which order, grouped by what.
 * Pure data, so it can be saved, shared through a Yjs document, put in a link and compared.
 * `sort` absent means the list's own order (the indexed sort key): the fast path every list
 * starts on.
 */

export const operators = [
  "is",
  "isNot",
  "contains",
  "empty",
  "notEmpty",
  "gt",
  "lt",
  "before",
  "after",
  "withinDays",
] as const;
export type Operator = (typeof operators)[number];

/** The operators that make sense for a kind of field, first one the default. */
export const operatorsFor: Record<FieldKind, readonly Operator[]> = {
  text: ["contains", "is", "isNot", "empty", "notEmpty"],
  enum: ["is", "isNot"],
  number: ["gt", "lt", "is"],
  money: ["gt", "lt", "is"],
  date: ["withinDays", "before", "after", "empty", "notEmpty"],
  reference: ["empty", "notEmpty"],
  // "contains" still reads views saved while owners were plain text.
  person: ["is", "isNot", "empty", "notEmpty", "contains"],
};

/** Operators that take no value. */
export const valueless: ReadonlySet<Operator> = new Set(["empty", "notEmpty"]);

export const filterSchema = z.object({
  field: z.string().min(1).max(64),
  op: z.enum(operators),
  value: z.string().max(200),
});
export const viewSchema = z.object({
  filters: z.array(filterSchema).max(20),
  sort: z.object({ field: z.string().min(1).max(64), dir: z.enum(["asc", "desc"]) }).optional(),
  groupBy: z.string().min(1).max(64).optional(),
  mine: z.boolean(),
  query: z.string().max(200),
});
export type Filter = z.infer<typeof filterSchema>;
export type View = z.infer<typeof viewSchema>;

export const defaultView: View = { filters: [], mine: false, query: "" };

export type ViewCheck = { ok: true; view: View } | { ok: false; issues: { path: string; message: string }[] };

/**
 * Validates a view for a collection: the shape (zod), then that every field exists in the
 * collection's table, fits its operator, and holds a value the operator can use. Issues name the
 * path ("filters.1.value") so a form can point at the culprit.
 */
export function checkView(collection: CollectionName, input: unknown): ViewCheck {
  const parsed = viewSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    };
  }
  const view = parsed.data;
  const issues: { path: string; message: string }[] = [];
  for (const [i, f] of view.filters.entries()) {
    const field = findField(collection, f.field);
    if (!field) {
      issues.push({ path: `filters.${i}.field`, message: `unknown field “${f.field}”` });
    } else if (!operatorsFor[field.kind].includes(f.op)) {
      issues.push({ path: `filters.${i}.op`, message: `“${f.op}” does not apply to ${field.kind} fields` });
    } else {
      const problem = valueProblem(field, f.op, f.value);
      if (problem) issues.push({ path: `filters.${i}.value`, message: problem });
    }
  }
  if (view.sort && !findField(collection, view.sort.field)) {
    issues.push({ path: "sort.field", message: `unknown field “${view.sort.field}”` });
  }
  if (view.groupBy && !findField(collection, view.groupBy)?.groupable) {
    issues.push({ path: "groupBy", message: `cannot group by “${view.groupBy}”` });
  }
  if (view.mine && !fieldsOf(collection).mine) issues.push({ path: "mine", message: "this list has no owner" });
  return issues.length ? { ok: false, issues } : { ok: true, view };
}

/** Why a filter value cannot be used (`views.problems.*`). */
export type ValueProblem = "days" | "date" | "number" | "choice" | "required";

/** Why a filter value cannot be used (an issue code the UI translates), or null. */
export function valueProblem(field: ViewField, op: Operator, value: string): ValueProblem | null {
  if (valueless.has(op)) return null;
  const v = value.trim();
  if (op === "withinDays") return /^\d{1,5}$/.test(v) && Number(v) > 0 ? null : "days";
  if (op === "before" || op === "after") return dateValue(v) === null ? "date" : null;
  if (field.kind === "number" || field.kind === "money")
    return v !== "" && Number.isFinite(Number(v)) ? null : "number";
  if (field.kind === "enum") return field.values?.includes(v) ? null : "choice";
  return v === "" ? "required" : null;
}

/** "YYYY-MM-DD" → midnight UTC in ms, or null. */
function dateValue(v: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const ms = Date.parse(`${v}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

const DAY = 86_400_000;

/** A stored date (ms, or "YYYY-MM-DD" text) as ms; null when unset. */
function asTime(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v) return dateValue(v.slice(0, 10));
  return null;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

export interface MatchContext {
  me: { id: string; name: string };
  now: number;
}

/**
 * A compiled predicate: fields looked up once, values parsed once, so scanning 250k rows costs
 * only the comparisons. Filters on fields the table does not know are dropped (checkView refuses
 * them before they are saved; this only guards against a view from a newer version).
 */
export function compileFilter(
  collection: CollectionName,
  view: Pick<View, "filters" | "mine">,
  ctx: MatchContext,
): ((row: Record<string, unknown>) => boolean) | null {
  const tests: ((row: Record<string, unknown>) => boolean)[] = [];
  for (const f of view.filters) {
    const field = findField(collection, f.field);
    if (!field || !operatorsFor[field.kind].includes(f.op) || valueProblem(field, f.op, f.value)) continue;
    tests.push(compileOne(field, f));
  }
  const mineField = fieldsOf(collection).mine;
  if (view.mine && mineField) {
    const id = ctx.me.id.toLocaleLowerCase();
    const name = ctx.me.name.trim().toLocaleLowerCase();
    // "Assign to me" stores the person's id; a name typed by hand counts too (as the cases list does).
    tests.push((row) => {
      const v = String(row[mineField] ?? "")
        .trim()
        .toLocaleLowerCase();
      return v !== "" && (v === id || v === name);
    });
  }
  if (!tests.length) return null;
  return (row) => tests.every((t) => t(row));

  function compileOne(field: ViewField, f: Filter): (row: Record<string, unknown>) => boolean {
    const k = field.key;
    const value = f.value.trim();
    switch (f.op) {
      case "empty":
        return (r) => isEmpty(r[k]);
      case "notEmpty":
        return (r) => !isEmpty(r[k]);
      case "contains": {
        const needle = value.toLocaleLowerCase();
        return (r) =>
          String(r[k] ?? "")
            .toLocaleLowerCase()
            .includes(needle);
      }
      case "is":
      case "isNot": {
        const want = f.op === "is";
        if (field.kind === "number" || field.kind === "money") {
          const n = Number(value);
          return (r) => (r[k] === n) === want;
        }
        const needle = value.toLocaleLowerCase();
        return (r) => (String(r[k] ?? "").toLocaleLowerCase() === needle) === want;
      }
      case "gt":
      case "lt": {
        const n = Number(value);
        return f.op === "gt"
          ? (r) => typeof r[k] === "number" && (r[k] as number) > n
          : (r) => typeof r[k] === "number" && (r[k] as number) < n;
      }
      case "before":
      case "after": {
        const day = dateValue(value)!;
        // "After 2026-03-01" starts the day after; "before" ends the day before.
        return f.op === "before"
          ? (r) => {
              const t = asTime(r[k]);
              return t !== null && t < day;
            }
          : (r) => {
              const t = asTime(r[k]);
              return t !== null && t >= day + DAY;
            };
      }
      case "withinDays": {
        const since = ctx.now - Number(value) * DAY;
        return (r) => {
          const t = asTime(r[k]);
          return t !== null && t >= since && t <= ctx.now;
        };
      }
    }
  }
}

/** A sort value: numbers as numbers, dates as ms, text lowercased; empty sorts last either way. */
export function sortValue(field: ViewField, v: unknown): string | number | null {
  if (isEmpty(v)) return null;
  if (field.kind === "date") return asTime(v);
  if (field.kind === "number" || field.kind === "money") return typeof v === "number" ? v : Number(v);
  if (field.kind === "enum" && field.values) {
    // Enums sort in their declared order (new → working → qualified), not alphabetically.
    const i = field.values.indexOf(String(v));
    return i < 0 ? field.values.length : i;
  }
  return String(v).toLocaleLowerCase();
}

export function compareValues(a: string | number | null, b: string | number | null, dir: "asc" | "desc"): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c = a < b ? -1 : 1;
  return dir === "asc" ? c : -c;
}

/** The group a row falls in: the stored value as text, "" for none. */
export function groupValue(row: Record<string, unknown>, field: string): string {
  const v = row[field];
  return isEmpty(v) ? "" : String(v);
}

/** True when the view is the list's plain order with nothing filtered: the indexed fast path. */
export function isPlainView(view: View): boolean {
  return view.filters.length === 0 && !view.mine && !view.groupBy && !view.sort;
}

export function sameView(a: View, b: View): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(v: View): View {
  return {
    filters: v.filters.map((f) => ({ field: f.field, op: f.op, value: f.value })),
    ...(v.sort ? { sort: { field: v.sort.field, dir: v.sort.dir } } : {}),
    ...(v.groupBy ? { groupBy: v.groupBy } : {}),
    mine: v.mine,
    query: v.query.trim(),
  };
}
