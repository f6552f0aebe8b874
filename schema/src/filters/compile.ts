import type { FieldSettings } from "../descriptors/effective.js";
import type { FieldDescriptor } from "../descriptors/types.js";
import type { CollectionName } from "../recordTypes.js";
import { findField, isNumeric, isTemporal, ME, mineFieldOf, operatorFits, unknownCustom } from "./fields.js";
import { dateValue, type Filter, valueProblem } from "./filter.js";

/*
 * (Moved from web/src/views/filter.ts so rules evaluate conditions as the lists do.)
 *
 * Filters compiled to predicates, and the values rows are sorted and grouped by — by the kind of
 * each field as its descriptor says. Run per row over up to 250k rows: everything that can be
 * decided once (the field, the parsed value) is decided in `compileFilter`.
 */

export interface MatchContext {
  me: { id: string; name: string };
  now: number;
  /** The workspace's settings: custom fields and picklist values (their order sorts and groups). */
  settings?: FieldSettings;
  /** A person's name for sorting and grouping by a person (user ids say nothing). */
  personName?(id: string): string;
}

type RowTest = (row: Record<string, unknown>) => boolean;

const DAY = 86_400_000;

/** A stored date (ms, or "YYYY-MM-DD" text) as ms; null when unset. */
function asTime(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v) return dateValue(v.slice(0, 10));
  return null;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && !v.length);
}

const lower = (v: unknown) =>
  String(v ?? "")
    .trim()
    .toLocaleLowerCase();
const digits = (v: string) => v.replace(/\D/g, "");

/**
 * A compiled predicate over the view's filters and "mine", or null when nothing filters. Filters
 * whose field is no longer filterable, or whose value does not parse, are dropped (checkView
 * refuses them before they are saved; this only guards against a view from a newer version).
 */
export function compileFilter(
  collection: CollectionName,
  view: { filters: readonly Filter[]; mine: boolean },
  ctx: MatchContext,
): RowTest | null {
  const tests: RowTest[] = [];
  const isMe = personIsMe(ctx);
  for (const f of view.filters) {
    const field = findField(collection, f.field, ctx.settings);
    if (!field && !unknownCustom(collection, f.field, ctx.settings)) continue;
    if ((field && !field.filter) || !operatorFits(field, f.op) || valueProblem(field, f.op, f.value, f.values))
      continue;
    tests.push(compileOne(field, f, ctx, isMe));
  }
  const mine = mineFieldOf(collection);
  if (view.mine && mine) tests.push((row) => isMe(row[mine]));
  if (!tests.length) return null;
  if (tests.length === 1) return tests[0]!;
  return (row) => tests.every((t) => t(row));
}

/** "Assign to me" stores the person's id; a name typed by hand counts too (as cases always did). */
function personIsMe(ctx: MatchContext): (v: unknown) => boolean {
  const id = ctx.me.id.toLocaleLowerCase();
  const name = ctx.me.name.trim().toLocaleLowerCase();
  return (v) => {
    const s = lower(v);
    return s !== "" && (s === id || s === name);
  };
}

function compileOne(
  field: FieldDescriptor | undefined,
  f: Filter,
  ctx: MatchContext,
  isMe: (v: unknown) => boolean,
): RowTest {
  const k = f.field;
  const kind = field?.kind;
  const value = f.value.trim();
  switch (f.op) {
    case "empty":
      return (r) => isEmpty(r[k]);
    case "notEmpty":
      return (r) => !isEmpty(r[k]);
    case "contains": {
      const needle = value.toLocaleLowerCase();
      // A phone number is stored as +4930…: "030 123" finds it by its digits.
      if (kind === "phone" && digits(value)) {
        const d = digits(value).replace(/^0+/, "");
        return (r) => digits(String(r[k] ?? "")).includes(d);
      }
      if (kind === "person" && ctx.personName) {
        const name = ctx.personName;
        return (r) => lower(r[k]).includes(needle) || lower(name(String(r[k] ?? ""))).includes(needle);
      }
      return (r) => lower(r[k]).includes(needle);
    }
    case "is":
    case "isNot": {
      const want = f.op === "is";
      let test: RowTest;
      if (isNumeric(kind) || (!field && typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value))) {
        const n = Number(value);
        test = field ? (r) => r[k] === n : (r) => r[k] === n || lower(r[k]) === value.toLocaleLowerCase();
      } else if (kind === "boolean") {
        const b = value === "true";
        test = (r) => r[k] === b || lower(r[k]) === value;
      } else if ((kind === "person" || !field) && value === ME) {
        test = (r) => isMe(r[k]);
      } else if (kind === "reference") {
        test = (r) => r[k] === value;
      } else {
        const needle = value.toLocaleLowerCase();
        test = (r) => lower(r[k]) === needle;
      }
      // "Is not": a record without a value is not the value (as a reader expects).
      return want ? test : (r) => !test(r);
    }
    case "anyOf": {
      const set = new Set((f.values ?? []).map((v) => v.trim().toLocaleLowerCase()));
      return (r) => {
        const v = r[k];
        return Array.isArray(v) ? v.some((x) => set.has(lower(x))) : set.has(lower(v));
      };
    }
    case "gt":
    case "lt": {
      const n = Number(value);
      return f.op === "gt"
        ? (r) => typeof r[k] === "number" && (r[k] as number) > n
        : (r) => typeof r[k] === "number" && (r[k] as number) < n;
    }
    case "between": {
      const [a = "", b = ""] = f.values ?? [];
      if (isTemporal(kind) || (!field && dateValue(a.trim()) !== null)) {
        const from = dateValue(a.trim())!;
        const to = dateValue(b.trim())! + DAY; // both days included
        return (r) => {
          const t = asTime(r[k]);
          return t !== null && t >= from && t < to;
        };
      }
      const lo = Number(a);
      const hi = Number(b);
      return (r) => typeof r[k] === "number" && (r[k] as number) >= lo && (r[k] as number) <= hi;
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
    case "withinDays":
    case "nextDays": {
      const n = Number(value) * DAY;
      // A calendar day (a close date) counts by days, today included; a moment by the clock.
      const [from, to] =
        kind === "date"
          ? f.op === "withinDays"
            ? [startOfDay(ctx.now) - n, startOfDay(ctx.now) + DAY]
            : [startOfDay(ctx.now), startOfDay(ctx.now) + n + DAY]
          : f.op === "withinDays"
            ? [ctx.now - n, ctx.now + 1]
            : [ctx.now, ctx.now + n + 1];
      return (r) => {
        const t = asTime(r[k]);
        return t !== null && t >= from && t < to;
      };
    }
  }
}

const startOfDay = (ms: number) => Math.floor(ms / DAY) * DAY;

/** Sortable text of a picklist value: its place in the list, then (values not listed) the text. */
function listRank(field: FieldDescriptor, v: string): string {
  const values = field.values ?? [];
  const i = values.findIndex((x) => x.value === v);
  return i < 0 ? `${String(values.length).padStart(4, "0")}|${v.toLocaleLowerCase()}` : String(i).padStart(4, "0");
}

/**
 * A sort value by kind: numbers as numbers, dates as ms, picklists in their declared order (new →
 * working → qualified; the pipeline's stage order), people by name, yes before no reversed (no
 * first ascending), text lowercased; null for an empty value, which sorts last either way.
 */
export function sortValue(field: FieldDescriptor | undefined, v: unknown, ctx?: MatchContext): string | number | null {
  if (isEmpty(v)) return null;
  switch (field?.kind) {
    case "date":
    case "dateTime":
      return asTime(v);
    case "number":
    case "money":
    case "percent":
      return typeof v === "number" ? v : Number(v);
    case "boolean":
      return v === true || v === "true" ? 1 : 0;
    case "picklist":
      return listRank(field, String(v));
    case "person":
      return (ctx?.personName?.(String(v)) ?? String(v)).toLocaleLowerCase();
    case undefined:
      return typeof v === "number" ? v : String(v).toLocaleLowerCase();
    default:
      return String(v).toLocaleLowerCase();
  }
}

export function compareValues(a: string | number | null, b: string | number | null, dir: "asc" | "desc"): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c = a < b ? -1 : 1;
  return dir === "asc" ? c : -c;
}

/** The group a row falls in: the stored value as text ("true"/"false" for yes/no), "" for none. */
export function groupValue(row: Record<string, unknown>, field: string): string {
  const v = row[field];
  return isEmpty(v) ? "" : String(v);
}

/** A group's place: as its value sorts (a picklist's order, a person's name), empty last. */
export function groupRank(field: FieldDescriptor | undefined, g: string, ctx?: MatchContext): string | number | null {
  if (!g) return null;
  if (field?.kind === "boolean") return g === "true" ? 1 : 0;
  return sortValue(field, g, ctx);
}
