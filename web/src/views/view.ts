import { type CollectionName, type FieldSettings, filterSchema, valueProblem } from "@crm/schema";
import { z } from "zod";
import { columnKnown } from "./columns.js";
import { findField, mineFieldOf, operatorFits, unknownCustom } from "./viewFields.js";

// The filter language itself lives in schema (schema/src/filters/) for the automation peer's rules.
export { dateValue, type Filter, filterSchema, type ValueProblem, valueProblem } from "@crm/schema";
export { type Operator, operators, valueless } from "./viewFields.js";

/*
 * A list view: which rows (filters, "mine", the search words), in which order, grouped by what,
 * and which columns. Pure data, so it can be saved, shared through a Yjs document, put in a link
 * and compared. `sort` absent means the list's own order (the indexed sort key): the fast path
 * every list starts on. `columns` absent means the list's default columns (an older saved view
 * has none and keeps the columns on screen).
 */

export const viewSchema = z.object({
  filters: z.array(filterSchema).max(20),
  sort: z.object({ field: z.string().min(1).max(64), dir: z.enum(["asc", "desc"]) }).optional(),
  groupBy: z.string().min(1).max(64).optional(),
  mine: z.boolean(),
  query: z.string().max(200),
  /** The columns shown after the title column, in order. */
  columns: z.array(z.string().min(1).max(64)).max(60).optional(),
});
export type View = z.infer<typeof viewSchema>;

export const defaultView: View = { filters: [], mine: false, query: "" };

export type ViewCheck = { ok: true; view: View } | { ok: false; issues: { path: string; message: string }[] };

/**
 * Validates a view for a collection: the shape (zod), then that every field is one the
 * descriptors let the list filter, sort, group or show, that each operator fits its field's kind,
 * and that each value is usable. Issues name the path ("filters.1.value") so a form can point at
 * the culprit. `settings`: the workspace's, for its custom fields (see viewFields.ts on custom
 * keys this device does not know yet).
 */
export function checkView(collection: CollectionName, input: unknown, settings?: FieldSettings): ViewCheck {
  const parsed = viewSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    };
  }
  const view = parsed.data;
  const issues: { path: string; message: string }[] = [];
  const known = (key: string, flag: "filter" | "sort" | "group") => {
    const field = findField(collection, key, settings);
    return field ? field[flag] : unknownCustom(collection, key, settings);
  };
  for (const [i, f] of view.filters.entries()) {
    const field = findField(collection, f.field, settings);
    if (!known(f.field, "filter")) {
      issues.push({ path: `filters.${i}.field`, message: `unknown field “${f.field}”` });
    } else if (!operatorFits(field, f.op)) {
      issues.push({ path: `filters.${i}.op`, message: `“${f.op}” does not apply to ${field?.kind} fields` });
    } else {
      const problem = valueProblem(field, f.op, f.value, f.values);
      if (problem) issues.push({ path: `filters.${i}.value`, message: problem });
    }
  }
  if (view.sort && !known(view.sort.field, "sort")) {
    issues.push({ path: "sort.field", message: `cannot sort by “${view.sort.field}”` });
  }
  if (view.groupBy && !known(view.groupBy, "group")) {
    issues.push({ path: "groupBy", message: `cannot group by “${view.groupBy}”` });
  }
  if (view.mine && !mineFieldOf(collection)) {
    issues.push({ path: "mine", message: "this list has no owner" });
  }
  if (view.columns) {
    const seen = new Set<string>();
    for (const [i, c] of view.columns.entries()) {
      if (seen.has(c)) issues.push({ path: `columns.${i}`, message: `“${c}” twice` });
      else if (!columnKnown(collection, c, settings))
        issues.push({ path: `columns.${i}`, message: `unknown column “${c}”` });
      seen.add(c);
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, view };
}

/** True when the view is the list's plain order with nothing filtered: the indexed fast path. */
export function isPlainView(view: View): boolean {
  return view.filters.length === 0 && !view.mine && !view.groupBy && !view.sort;
}

/** What decides the rows (not the columns): a change of columns never re-runs a view. */
export function rowsKey(view: View): string {
  const { columns: _, ...rows } = normalize(view);
  return JSON.stringify(rows);
}

/**
 * The view on screen is still the saved one: filters, order, grouping, "mine", words — and the
 * columns when the saved view has its own (an older saved view has none and keeps the columns on
 * screen, so choosing it does not mark it changed).
 */
export function sameView(saved: View, current: View): boolean {
  const a = normalize(saved);
  const b = normalize(current);
  if (!a.columns) delete b.columns;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A view as it goes on screen when chosen: its own columns, or — a saved view from before columns
 * were saved, or "All records" — the columns already on screen (choosing a view does not undo
 * the columns this person chose).
 */
export function viewOnScreen(next: View, onScreen: View): View {
  const { columns: _, ...rest } = next;
  const columns = next.columns ?? onScreen.columns;
  return columns ? { ...rest, columns: [...columns] } : rest;
}

function normalize(v: View): View {
  return {
    filters: v.filters.map((f) => ({
      field: f.field,
      op: f.op,
      value: f.value,
      ...(f.values ? { values: [...f.values] } : {}),
    })),
    ...(v.sort ? { sort: { field: v.sort.field, dir: v.sort.dir } } : {}),
    ...(v.groupBy ? { groupBy: v.groupBy } : {}),
    mine: v.mine,
    query: v.query.trim(),
    ...(v.columns ? { columns: [...v.columns] } : {}),
  };
}
