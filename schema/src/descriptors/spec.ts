import type { z } from "zod";
import type { BaseRecord } from "../record.js";
import type { LineItem } from "../records/lines.js";
import type {
  Aliases,
  DefaultValue,
  FieldDescriptor,
  FieldKind,
  Label,
  PicklistValue,
  RefTarget,
  Section,
  SqlType,
} from "./types.js";
import { mainSection } from "./types.js";

/*
 * How a record type writes its fields down: `defineFields<Account>({ name: field.text(...), … })`.
 * The spec object is typed from the record interface, so the compiler refuses
 *   - an interface key without a descriptor ("Property 'website' is missing …"),
 *   - a descriptor without an interface key ("Object literal may only specify known properties"),
 *   - a kind whose values do not fit the property's type (a number field for a string, a picklist
 *     whose values are not exactly the property's union, a nullable time for a `number`).
 * Each builder carries the type of the value it validates to as a phantom (`_out`/`_in`, never
 * set at runtime); `FieldSpecs<R>` compares it with the property's type (fieldTypes.test.ts).
 */

/** The fields of a record a person or an import supplies: everything but the BaseRecord fields. */
export type RecordValues<R extends BaseRecord> = {
  [K in Exclude<keyof R, keyof BaseRecord>]-?: Exclude<R[K], undefined>;
};

/** What a record type's validator accepts: any of its fields, as typed or as CSV text. */
export type RecordInput<R extends BaseRecord> = {
  [K in keyof RecordValues<R>]?: RecordValues<R>[K] | string | number | boolean | null | readonly unknown[];
};

/** Options every kind takes. Flags left out take the kind's default (see `resolveField`). */
export interface FieldOptions {
  required?: boolean;
  help?: Label;
  section?: Section;
  form?: boolean;
  readOnly?: boolean;
  list?: boolean;
  defaultColumn?: boolean;
  filter?: boolean;
  sort?: boolean;
  group?: boolean;
  import?: boolean;
  export?: boolean;
  unique?: boolean;
  responsible?: boolean;
  aliases?: Partial<Aliases>;
  /** The analytics column's name when not the snake_case of the key. */
  sql?: string;
}

export interface FieldSpec<V = unknown> extends FieldOptions {
  kind: FieldKind;
  label: Label;
  maxLength?: number;
  upperCase?: boolean;
  min?: number;
  max?: number;
  integer?: boolean;
  emptyIsNull?: boolean;
  computed?: boolean;
  default?: DefaultValue;
  values?: readonly PicklistValue[];
  picklist?: string;
  open?: boolean;
  ref?: RefTarget;
  /** `json` fields: their own validator (an order's status history). */
  schema?: z.ZodType;
  /** Phantom: the type the field validates to. Never set. */
  readonly _out?: () => V;
  /** Phantom: makes the comparison exact (see `FieldSpecs`). Never set. */
  readonly _in?: (v: V) => void;
}

/**
 * One spec per property of R. A `string` property takes any kind that validates to a string (a
 * picklist of some strings included); any other property needs a spec of exactly its type.
 */
export type FieldSpecs<R extends BaseRecord> = {
  [K in keyof RecordValues<R>]-?: string extends RecordValues<R>[K]
    ? Omit<FieldSpec<string>, "_in">
    : FieldSpec<RecordValues<R>[K]>;
};

/** The resolved descriptors of R, in declaration order; branded so that a type takes only its own. */
export type RecordFields<R extends BaseRecord> = readonly FieldDescriptor[] & { readonly _record?: (r: R) => R };

/** Labels for each value of a const list; the record's union and the list stay one. */
export function labelled<const V extends string>(
  values: readonly V[],
  labels: { [K in V]: Label },
): PicklistValue<V>[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

type Opt<O> = O & FieldOptions;
type TextOpt = Opt<{ maxLength?: number; upperCase?: boolean }>;
type NumberOpt = Opt<{ min?: number; max?: number; integer?: boolean; default?: number }>;

/** The builders: one per kind, each typed with the value it validates to. */
export const field = {
  text: (label: Label, o: TextOpt = {}): FieldSpec<string> => ({ kind: "text", label, ...o }),
  longText: (label: Label, o: TextOpt = {}): FieldSpec<string> => ({ kind: "longText", label, ...o }),
  email: (label: Label, o: FieldOptions = {}): FieldSpec<string> => ({ kind: "email", label, ...o }),
  phone: (label: Label, o: FieldOptions = {}): FieldSpec<string> => ({ kind: "phone", label, ...o }),
  url: (label: Label, o: FieldOptions = {}): FieldSpec<string> => ({ kind: "url", label, ...o }),
  number: (label: Label, o: NumberOpt & { emptyIsNull?: boolean } = {}): FieldSpec<number> => ({
    kind: "number",
    label,
    ...o,
  }),
  money: (label: Label, o: NumberOpt & { computed?: boolean } = {}): FieldSpec<number> => ({
    kind: "money",
    label,
    ...o,
  }),
  percent: (label: Label, o: NumberOpt & { emptyIsNull?: boolean } = {}): FieldSpec<number> => ({
    kind: "percent",
    label,
    ...o,
  }),
  /** "YYYY-MM-DD", "" when not given. */
  date: (label: Label, o: FieldOptions = {}): FieldSpec<string> => ({ kind: "date", label, ...o }),
  /** Epoch ms or null. */
  dateTime: (label: Label, o: FieldOptions = {}): FieldSpec<number | null> => ({ kind: "dateTime", label, ...o }),
  /** Epoch ms, stamped with the time of validation when not given (a case's `openedAt`). */
  dateTimeOrNow: (label: Label, o: FieldOptions = {}): FieldSpec<number> => ({
    kind: "dateTime",
    label,
    ...o,
    default: "now",
  }),
  /** A fixed list of values; `default` is what an empty input and a new record get ("" = none). */
  picklist: <const V extends string, const D extends V | "" = "">(
    label: Label,
    values: readonly PicklistValue<V>[],
    o: Opt<{ default?: D }> = {},
  ): FieldSpec<V | NoInfer<D>> => ({ kind: "picklist", label, values, ...o }),
  /** A list admins edit in Settings (picklists.ts), starting from its built-in values. */
  listed: (
    label: Label,
    picklist: string,
    values: readonly PicklistValue[],
    o: Opt<{ default?: string; open?: boolean; maxLength?: number }> = {},
  ): FieldSpec<string> => ({ kind: "picklist", label, values, picklist, ...o }),
  multiPicklist: (
    label: Label,
    values: readonly PicklistValue[],
    o: Opt<{ picklist?: string }> = {},
  ): FieldSpec<string[]> => ({ kind: "multiPicklist", label, values, ...o }),
  boolean: (label: Label, o: Opt<{ default?: boolean }> = {}): FieldSpec<boolean> => ({ kind: "boolean", label, ...o }),
  reference: (label: Label, ref: RefTarget, o: FieldOptions = {}): FieldSpec<string> => ({
    kind: "reference",
    label,
    ref,
    ...o,
  }),
  /** A user id ("" when nobody). */
  person: (label: Label, o: FieldOptions = {}): FieldSpec<string> => ({ kind: "person", label, ...o }),
  lines: (label: Label, o: FieldOptions = {}): FieldSpec<LineItem[]> => ({ kind: "lines", label, ...o }),
  json: <S extends z.ZodType>(label: Label, schema: S, o: Opt<{ default: DefaultValue }>): FieldSpec<z.output<S>> => ({
    kind: "json",
    label,
    schema,
    ...o,
  }),
};

/** `json` fields' validators, kept off the descriptor so that descriptors stay plain data. */
export const jsonFieldValidators = new WeakMap<FieldDescriptor, z.ZodType>();

/** The longest text each kind keeps unless its spec says otherwise. */
export const defaultMaxLength: Partial<Record<FieldKind, number>> = {
  text: 200,
  longText: 2000,
  email: 254,
  phone: 40,
  url: 500,
  reference: 40,
  person: 100,
  picklist: 100,
  multiPicklist: 100,
};

const structured = (k: FieldKind) => k === "lines" || k === "json";

function emptyOf(kind: FieldKind): DefaultValue {
  switch (kind) {
    case "number":
    case "money":
    case "percent":
      return 0;
    case "dateTime":
      return null;
    case "boolean":
      return false;
    case "multiPicklist":
    case "lines":
    case "json":
      return [];
    default:
      return "";
  }
}

export function sqlTypeOf(kind: FieldKind, integer = false): SqlType | null {
  switch (kind) {
    case "number":
      return integer ? "INTEGER" : "DOUBLE";
    case "money":
    case "percent":
      return "DOUBLE";
    case "date":
      return "DATE";
    case "dateTime":
      return "TIMESTAMP";
    case "boolean":
      return "BOOLEAN";
    case "multiPicklist":
      return "VARCHAR[]";
    case "lines":
    case "json":
      return null;
    default:
      return "VARCHAR";
  }
}

/** "billingPostalCode" → "billing_postal_code" (the analytics tables' naming). */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/**
 * A spec with every flag decided. Defaults by kind: structured kinds are none of list, filter,
 * sort, group, import, export; long text is not a list column nor sorted; references are not
 * sorted (ids say nothing); picklists, yes/no and people group; read-only fields are not on the
 * form (shown on the record's page), computed ones are not imported.
 */
export function resolveField(key: string, spec: FieldSpec): FieldDescriptor {
  const { kind } = spec;
  const plain = !structured(kind);
  const readOnly = spec.readOnly ?? spec.computed ?? false;
  const integer = spec.integer ?? false;
  const sqlType = sqlTypeOf(kind, integer);
  const d: FieldDescriptor = {
    key,
    kind,
    label: spec.label,
    required: spec.required ?? false,
    section: spec.section ?? mainSection,
    default: spec.default ?? emptyOf(kind),
    unique: spec.unique ?? false,
    responsible: spec.responsible ?? false,
    form: spec.form ?? !readOnly,
    readOnly,
    computed: spec.computed ?? false,
    list: spec.list ?? (plain && kind !== "longText"),
    defaultColumn: spec.defaultColumn ?? false,
    filter: spec.filter ?? plain,
    sort: spec.sort ?? (plain && kind !== "longText" && kind !== "multiPicklist" && kind !== "reference"),
    group: spec.group ?? (kind === "picklist" || kind === "boolean" || kind === "person"),
    import: spec.import ?? (plain && !spec.computed),
    export: spec.export ?? plain,
    aliases: { en: spec.aliases?.en ?? [], zh: spec.aliases?.zh ?? [] },
    sql: sqlType ? { column: spec.sql ?? snakeCase(key), type: sqlType } : null,
    retired: false,
  };
  if (spec.help) d.help = spec.help;
  const maxLength = spec.maxLength ?? defaultMaxLength[kind];
  if (maxLength !== undefined) d.maxLength = maxLength;
  if (kind === "money") d.min = spec.min ?? 0;
  if (kind === "percent") {
    d.min = spec.min ?? 0;
    d.max = spec.max ?? 100;
  }
  if (kind === "number") {
    if (spec.min !== undefined) d.min = spec.min;
    if (spec.max !== undefined) d.max = spec.max;
  }
  if (spec.integer) d.integer = true;
  if (spec.emptyIsNull) d.emptyIsNull = true;
  if (spec.upperCase) d.upperCase = true;
  if (spec.values) d.values = spec.values;
  if (spec.picklist) d.picklist = spec.picklist;
  if (spec.open) d.open = true;
  if (spec.ref) d.ref = spec.ref;
  if (spec.schema) jsonFieldValidators.set(d, spec.schema);
  return d;
}

/** The descriptors of R, checked against R at compile time (see `FieldSpecs`). */
export function defineFields<R extends BaseRecord>(specs: FieldSpecs<R>): RecordFields<R> {
  return Object.entries(specs as Record<string, FieldSpec>).map(([key, spec]) => resolveField(key, spec));
}
