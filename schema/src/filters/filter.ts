import { z } from "zod";
import type { FieldDescriptor } from "../descriptors/types.js";
import { isNumeric, isTemporal, multiValued, type Operator, operators, valueless } from "./fields.js";

/*
 * One filter of the list views' language (moved from web/src/views/view.ts, unchanged): its
 * shape, and why its operands cannot be used. The web app's views and the automation peer's
 * rule conditions share it, so a condition means the same in both.
 */

export const filterSchema = z.object({
  field: z.string().min(1).max(64),
  op: z.enum(operators),
  value: z.string().max(200),
  /** "anyOf": the values chosen; "between": [from, to]. */
  values: z.array(z.string().max(200)).max(50).optional(),
});
export type Filter = z.infer<typeof filterSchema>;

/** "YYYY-MM-DD" → midnight UTC in ms, or null. */
export function dateValue(v: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const ms = Date.parse(`${v}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

const numberValue = (v: string) => (v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : null);

/** Why a filter value cannot be used (`views.problems.*`). */
export type ValueProblem = "days" | "date" | "number" | "choice" | "choices" | "range" | "required";

/**
 * Why a filter's operands cannot be used (an issue code the UI translates: views.problems.*), or
 * null. `field` undefined: a custom field not known here — checked by its operator alone.
 */
export function valueProblem(
  field: FieldDescriptor | undefined,
  op: Operator,
  value: string,
  values?: readonly string[],
): ValueProblem | null {
  if (valueless.has(op)) return null;
  const v = value.trim();
  const kind = field?.kind;
  if (op === "withinDays" || op === "nextDays") return /^\d{1,5}$/.test(v) && Number(v) > 0 ? null : "days";
  if (op === "before" || op === "after") return dateValue(v) === null ? "date" : null;
  if (multiValued.has(op)) {
    const list = (values ?? []).map((x) => x.trim());
    if (op === "anyOf") return list.length > 0 && list.every((x) => x !== "") ? null : "choices";
    if (list.length !== 2) return "range";
    const temporal = isTemporal(kind) || (!field && list.every((x) => dateValue(x) !== null));
    const [a, b] = temporal ? list.map(dateValue) : list.map(numberValue);
    if (a === null || b === null || a === undefined || b === undefined) return temporal ? "date" : "number";
    return a <= b ? null : "range";
  }
  if (isNumeric(kind) || ((op === "gt" || op === "lt") && !field)) return numberValue(v) === null ? "number" : null;
  if (kind === "boolean") return v === "true" || v === "false" ? null : "choice";
  if (kind === "picklist") return v === "" ? "choice" : null;
  return v === "" ? "required" : null;
}
