import { z } from "zod";
import { email, type IssueCode, phone, requiredText, text, website } from "../fields.js";
import { linesInput } from "../records/lines.js";
import {
  bool,
  dateOnly,
  isEmptyInput,
  numberField,
  optionalTime,
  requiredNumber,
  requiredTime,
  stageId,
  timeOrNow,
} from "../scalars.js";
import { jsonFieldValidators } from "./spec.js";
import type { FieldDescriptor, PicklistValue } from "./types.js";

/*
 * A field's validator, from its descriptor alone, built from the scalars every form and import
 * already used (fields.ts, scalars.ts): so the codes and messages are the ones people know. A
 * record type's validator is the object of its fields' validators plus its cross-field `refine`.
 */

/** Reports an issue on a field from a type's `refine`. */
export type ReportIssue<K extends string = string> = (field: K, code: IssueCode) => void;

/** A type's rules across fields: may report issues, may return the value with fields filled in. */
export type Refine<V> = (value: V, report: ReportIssue<keyof V & string>) => V | undefined;

const fail = (ctx: z.RefinementCtx, code: IssueCode) => {
  ctx.addIssue({ code: "custom", message: code });
  return z.NEVER;
};

/** Case, width and surrounding space do not matter when a typed value is matched to a listed one. */
export function choiceKey(s: string): string {
  return s.normalize("NFKC").trim().toLocaleLowerCase();
}

/** Value, then English label, then Chinese label → the stored value. */
function choiceIndex(values: readonly PicklistValue[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const v of values) index.set(choiceKey(v.value), v.value);
  for (const lang of ["en", "zh"] as const)
    for (const v of values) {
      const k = choiceKey(v.label[lang]);
      if (k && !index.has(k)) index.set(k, v.value);
    }
  return index;
}

function picklist(d: FieldDescriptor) {
  const index = choiceIndex(d.values ?? []);
  const stages = d.picklist === "pipelineStages" ? stageId(String(d.default)) : null;
  const max = d.maxLength ?? 100;
  return z
    .unknown()
    .optional()
    .transform((raw, ctx): string => {
      if (isEmptyInput(raw)) return d.required ? fail(ctx, "required") : String(d.default ?? "");
      if (typeof raw !== "string") return fail(ctx, "invalidChoice");
      const hit = index.get(choiceKey(raw));
      if (hit !== undefined) return hit;
      if (stages) {
        // A stage the settings no longer list is kept: deals stay where they were.
        const parsed = stages.safeParse(raw);
        return parsed.success ? parsed.data : fail(ctx, "invalidChoice");
      }
      if (!d.open) return fail(ctx, "invalidChoice");
      const v = raw.trim();
      return v.length > max ? fail(ctx, "tooLong") : v;
    });
}

/** A list, or text separated by ";" (the CSV form: commas are common inside values). */
function multiPicklist(d: FieldDescriptor) {
  const index = choiceIndex(d.values ?? []);
  return z
    .unknown()
    .optional()
    .transform((raw, ctx): string[] => {
      const items = Array.isArray(raw)
        ? raw
        : typeof raw === "string"
          ? raw.split(/[;；\n]/)
          : isEmptyInput(raw)
            ? []
            : null;
      if (!items) return fail(ctx, "invalidChoice");
      const out: string[] = [];
      for (const item of items) {
        if (isEmptyInput(item)) continue;
        const hit = typeof item === "string" ? index.get(choiceKey(item)) : undefined;
        if (hit === undefined) return fail(ctx, "invalidChoice");
        if (!out.includes(hit)) out.push(hit);
      }
      if (d.required && out.length === 0) return fail(ctx, "required");
      return out;
    });
}

const requireNonEmpty = <T extends z.ZodType>(schema: T) =>
  schema.refine((v) => v !== "" && v !== null, { error: "required" });

function textLike(d: FieldDescriptor, max: number) {
  const base = d.required ? requiredText(max) : text(max);
  return d.upperCase ? base.transform((s) => s.toUpperCase()) : base;
}

/** The validator of one field. */
export function validatorOf(d: FieldDescriptor): z.ZodType {
  const max = d.maxLength ?? 200;
  const rules = { min: d.min, max: d.max, integer: d.integer };
  switch (d.kind) {
    case "text":
    case "longText":
    case "reference":
    case "person":
      return textLike(d, max);
    case "email":
      return d.required ? requireNonEmpty(email().default("")) : email().default("");
    case "phone":
      return d.required ? requireNonEmpty(phone().default("")) : phone().default("");
    case "url":
      return d.required ? requireNonEmpty(website().default("")) : website().default("");
    case "number":
    case "money":
    case "percent":
      if (d.required) return requiredNumber(rules);
      return numberField(d.emptyIsNull ? null : typeof d.default === "number" ? d.default : 0, rules);
    case "date":
      return d.required ? requireNonEmpty(dateOnly()) : dateOnly();
    case "dateTime":
      if (d.required) return requiredTime();
      return d.default === "now" ? timeOrNow() : optionalTime();
    case "boolean":
      return bool(d.default === true);
    case "picklist":
      return picklist(d);
    case "multiPicklist":
      return multiPicklist(d);
    case "lines":
      return linesInput();
    case "json": {
      const schema = jsonFieldValidators.get(d);
      if (!schema) throw new Error(`field "${d.key}" is json but has no validator`);
      // Absent is the default (a fresh copy: records never share an array).
      return schema.optional().transform((v) => v ?? structuredClone(d.default));
    }
  }
}

/** `inner`, except that no value given (undefined) stays undefined instead of taking the empty value. */
function absentStaysAbsent(inner: z.ZodType) {
  return z
    .unknown()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const r = inner.safeParse(raw);
      if (r.success) return r.data;
      for (const issue of r.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      return z.NEVER;
    });
}

/**
 * The validator of a record: the object of its live fields' validators (computed and retired
 * fields are not read; keys that are no field are dropped), then the type's cross-field rules.
 * Custom fields are optional here: absent, they stay absent from the value.
 */
export function inputFromFields<V>(fields: readonly FieldDescriptor[], refine?: Refine<V>): z.ZodType<V> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields)
    if (!f.computed && !f.retired) {
      // A custom field left out stays out (records made before it existed have no value); the
      // record type checks required ones (record.ts `validate`).
      shape[f.key] = f.customId ? absentStaysAbsent(validatorOf(f)) : validatorOf(f);
    }
  const object = z.object(shape);
  if (!refine) return object as unknown as z.ZodType<V>;
  return object.transform((value, ctx) => {
    let failed = false;
    const out = refine(value as V, (field, code) => {
      failed = true;
      ctx.addIssue({ code: "custom", path: [field], message: code });
    });
    return failed ? z.NEVER : (out ?? value);
  }) as unknown as z.ZodType<V>;
}

/** The values of a new record: each live field's default ("now" is 0: a form starts with no time). */
export function defaultsOf(fields: readonly FieldDescriptor[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.retired) continue;
    const v = f.default;
    out[f.key] = v === "now" ? 0 : Array.isArray(v) ? [...v] : v;
  }
  return out;
}
