import type { FieldSettings } from "../descriptors/effective.js";
import type { FieldDescriptor } from "../descriptors/types.js";
import { compileFilter } from "../filters/compile.js";
import { findField } from "../filters/fields.js";
import type { CollectionName } from "../recordTypes.js";
import type { PipelineStage } from "../settings.js";
import { type Duration, durationMs, type Rule, type Trigger, type ValueExpr } from "./model.js";

/*
 * What a rule means for a record, as pure functions: the peer's engine calls them, and a test
 * (or a preview) can too. Conditions are the list views' compiled filters over the record as
 * stored; "from"/"to" of a changed trigger compare like the filter "is".
 */

type Row = Record<string, unknown>;

/** Nobody is "me" for a rule: "@me" in a condition matches no one. */
const RULE_CONTEXT_ME = { id: "\u0000rule", name: "\u0000rule" };

/** True when the record (as it is after the change) meets every condition of the rule. */
export function conditionsMatch(
  rule: Pick<Rule, "collection" | "conditions">,
  record: Row,
  settings?: FieldSettings,
  now = Date.now(),
): boolean {
  const test = compileFilter(
    rule.collection,
    { filters: rule.conditions, mine: false },
    { me: RULE_CONTEXT_ME, now, settings },
  );
  return test ? test(record) : true;
}

/** Compares a value with the text of a trigger's from/to as the filter "is" would. */
function valueIs(
  collection: CollectionName,
  field: string,
  value: unknown,
  expected: string,
  settings?: FieldSettings,
): boolean {
  if (expected === "") return value === null || value === undefined || value === "";
  const test = compileFilter(
    collection,
    { filters: [{ field, op: "is", value: expected }], mine: false },
    { me: RULE_CONTEXT_ME, now: 0, settings },
  );
  return test ? test({ [field]: value }) : false;
}

/** What a change says, as far as triggers care. */
export interface ChangeFacts {
  kind: "created" | "updated" | "deleted";
  fields: Readonly<Record<string, { old: unknown; new: unknown }>>;
}

/** Whether a change fires a created/changed trigger (other triggers are fired by time, not changes). */
export function changeFires(
  collection: CollectionName,
  trigger: Trigger,
  change: ChangeFacts,
  settings?: FieldSettings,
): boolean {
  if (trigger.type === "created") return change.kind === "created";
  if (trigger.type !== "changed" || change.kind !== "updated") return false;
  const f = change.fields[trigger.field];
  if (!f) return false;
  if (trigger.from !== undefined && !valueIs(collection, trigger.field, f.old, trigger.from, settings)) return false;
  if (trigger.to !== undefined && !valueIs(collection, trigger.field, f.new, trigger.to, settings)) return false;
  return true;
}

const signed = (d: Duration, direction: "before" | "after" | undefined) =>
  (direction === "before" ? -1 : 1) * durationMs(d);

/** A stored date (ms, or "YYYY-MM-DD" text read as midnight UTC) as ms; null when unset. */
export function timeOf(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) && v > 0 ? v : null;
  if (typeof v === "string" && v) {
    const ms = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/** When a date-reached trigger fires for a record (its date shifted by the offset), or null. */
export function dateTriggerAt(trigger: Extract<Trigger, { type: "dateReached" }>, record: Row): number | null {
  const t = timeOf(record[trigger.field]);
  return t === null ? null : t + signed(trigger.offset, trigger.direction);
}

/**
 * The schedule slot `now` falls in (its start, ms): every N minutes/hours counted from the epoch,
 * or the day's `at` (UTC) — the last one passed. A slot fires once.
 */
export function scheduleSlot(trigger: Extract<Trigger, { type: "schedule" }>, now: number): number {
  if (trigger.interval === "daily") {
    const [h = 0, m = 0] = (trigger.at ?? "00:00").split(":").map(Number);
    const day = Math.floor(now / 86_400_000) * 86_400_000;
    const today = day + (h * 60 + m) * 60_000;
    return today <= now ? today : today - 86_400_000;
  }
  const period = trigger.every * (trigger.interval === "minutes" ? 60_000 : 3_600_000);
  return Math.floor(now / period) * period;
}

export interface ValueContext {
  /** The triggering record. */
  record: Row;
  /** When the action runs (a job's own time, so a rerun computes the same value). */
  now: number;
  stages: readonly PipelineStage[];
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The value an expression gives a field, as the field's kind stores it. */
export function resolveValue(expr: ValueExpr, field: FieldDescriptor | undefined, ctx: ValueContext): unknown {
  switch (expr.kind) {
    case "field":
      return ctx.record[expr.field] ?? null;
    case "now": {
      const at = ctx.now + signed(expr.offset, expr.direction);
      return field?.kind === "date" ? isoDay(at) : at;
    }
    case "stage":
      return ctx.stages.find((s) => s.kind === expr.stageKind)?.id ?? null;
    case "value": {
      const v = expr.value.trim();
      if (!field) return v;
      if (v === "") return field.kind === "boolean" ? false : field.kind === "multiPicklist" ? [] : null;
      switch (field.kind) {
        case "number":
        case "money":
        case "percent":
          return Number(v);
        case "boolean":
          return v === "true";
        case "dateTime":
          return Date.parse(v);
        case "multiPicklist":
          return v
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean);
        default:
          return expr.value;
      }
    }
  }
}

/** Every value of an action, resolved against the target collection's fields. */
export function resolveValues(
  target: CollectionName,
  values: Readonly<Record<string, ValueExpr>>,
  ctx: ValueContext,
  settings?: FieldSettings,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([k, e]) => [k, resolveValue(e, findField(target, k, settings), ctx)]),
  );
}

/** "Task due: {subject}" with the record's fields filled in (a field not set reads as nothing). */
export function renderTemplate(text: string, record: Row): string {
  return text.replace(/\{([a-zA-Z0-9_]{1,64})\}/g, (_, k: string) => {
    const v = record[k];
    return v === null || v === undefined ? "" : Array.isArray(v) ? v.join(", ") : String(v);
  });
}
