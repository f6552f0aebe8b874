import {
  accountStatuses,
  activityKinds,
  type CollectionName,
  casePriorities,
  caseStatuses,
  channels,
  defaultSettings,
  exportableFields,
  leadSources,
  leadStatuses,
  orderStatuses,
  type PipelineStage,
  quoteStatuses,
  relatableTypes,
} from "@crm/schema";
import type { TFunction } from "i18next";

/*
 * The columns of an exported CSV, and how their cells are written and read back: ONE table, so
 * that a file exported in either language imports again as the same records.
 *
 * - Headers are the field labels the forms and lists show, in the exporter's language; the
 *   importer knows every field's label in both languages (`labelAliases`).
 * - A reference to an account is the account's name (its id when two accounts share the name);
 *   an owner or assignee is the person's name (their email when two people share it). Other
 *   references stay ids: contact, quote, case names are not unique enough to find them again.
 * - Fixed choices (status, priority, yes/no …) are their labels; pipeline stages their names.
 * - Phone numbers are international and spaced ("+49 30 1234567"): a spreadsheet keeps that as
 *   text, and it reads back as the same E.164 number.
 * - Times are ISO 8601 in UTC: exact, and read back as the same instant on every machine.
 */

export type ColumnKind = "text" | "enum" | "account" | "person" | "phone" | "time" | "stage";

export interface Column {
  field: string;
  kind: ColumnKind;
  /** i18n key prefix of an enum value's label (`${valueLabel}.${value}`). */
  valueLabel?: string;
  values?: readonly string[];
}

/** Where each collection's screens keep their field labels; some fields are named differently there. */
const LABELS: Record<CollectionName, { prefix: string; rename?: Record<string, string> }> = {
  accounts: { prefix: "accounts.fields" },
  contacts: { prefix: "contacts.fields" },
  leads: { prefix: "sales.leads.fields" },
  opportunities: { prefix: "sales.pipeline.fields", rename: { accountId: "account" } },
  products: { prefix: "sales.products.fields" },
  quotes: { prefix: "sales.quotes.fields", rename: { accountId: "account" } },
  orders: { prefix: "sales.orders.fields", rename: { accountId: "account" } },
  cases: { prefix: "service.fields" },
  activities: { prefix: "activities.fields" },
  surveyResponses: { prefix: "data.fields" },
};

/** Fixed choices, with the labels the screens use (`${valueLabel}.${value}`). */
const CHOICES: Partial<Record<CollectionName, Record<string, Pick<Column, "valueLabel" | "values">>>> = {
  accounts: { status: { valueLabel: "accounts.statuses", values: accountStatuses } },
  leads: {
    status: { valueLabel: "sales.leads.statuses", values: leadStatuses },
    source: { valueLabel: "sales.leads.sources", values: leadSources },
  },
  products: { active: { valueLabel: "views.active", values: ["true", "false"] } },
  quotes: { status: { valueLabel: "sales.quotes.statuses", values: quoteStatuses } },
  orders: { status: { valueLabel: "sales.orders.statuses", values: orderStatuses } },
  cases: {
    status: { valueLabel: "service.statuses", values: caseStatuses },
    priority: { valueLabel: "service.priorities", values: casePriorities },
    channel: { valueLabel: "service.channels", values: channels },
  },
  activities: {
    kind: { valueLabel: "activities.kinds", values: activityKinds },
    done: { valueLabel: "activities.doneValues", values: ["true", "false"] },
    relatedType: { valueLabel: "activities.types", values: relatableTypes },
  },
  surveyResponses: { channel: { valueLabel: "service.channels", values: channels } },
};

const PEOPLE = new Set(["owner", "assignee"]);

function kindOf(collection: CollectionName, field: string): Column {
  const choice = CHOICES[collection]?.[field];
  if (choice) return { field, kind: "enum", ...choice };
  if (field === "accountId") return { field, kind: "account" };
  if (collection === "opportunities" && field === "stage") return { field, kind: "stage" };
  if (PEOPLE.has(field)) return { field, kind: "person" };
  if (field === "phone") return { field, kind: "phone" };
  if (/At$/.test(field)) return { field, kind: "time" };
  return { field, kind: "text" };
}

/** `id`, then every field an export writes (schema's descriptors), in the type's order. */
export function columnsOf(collection: CollectionName): Column[] {
  return [{ field: "id", kind: "text" }, ...exportableFields(collection).map((f) => kindOf(collection, f.key))];
}

/** A column's header as the screens name the field, in `t`'s language. */
export function columnLabel(t: TFunction, collection: CollectionName, field: string, fallback = field): string {
  if (field === "id") return "ID";
  const { prefix, rename } = LABELS[collection];
  return t([`${prefix}.${rename?.[field] ?? field}`, `data.fields.${field}`], { defaultValue: fallback });
}

/** Every field's header in every language given: field → headers, for the import's mapping. */
export function labelAliases(collection: CollectionName, ts: readonly TFunction[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of columnsOf(collection))
    if (c.field !== "id") out[c.field] = [...new Set(ts.map((t) => columnLabel(t, collection, c.field)))];
  return out;
}

/** What a cell is written from and read back with, besides `t`. */
export interface CellContext {
  /** Account id → what to write (a unique name, else the id). */
  accountCell(id: string): string;
  /** User id → what to write (a unique name, else an email, else the value). */
  personCell(id: string): string;
  stageLabel(id: string): string;
  formatPhone(stored: string): string;
}

/** A stored value as its cell. */
export function encodeCell(t: TFunction, column: Column, value: unknown, ctx: CellContext): unknown {
  if (value === null || value === undefined || value === "") return "";
  switch (column.kind) {
    case "enum":
      return t(`${column.valueLabel}.${String(value)}`, { defaultValue: String(value) });
    case "account":
      return ctx.accountCell(String(value));
    case "person":
      return ctx.personCell(String(value));
    case "stage":
      return ctx.stageLabel(String(value));
    case "phone":
      return ctx.formatPhone(String(value));
    case "time":
      return typeof value === "number" && Number.isFinite(value) ? new Date(value).toISOString() : value;
    default:
      return value;
  }
}

const key = (s: string) => s.normalize("NFKC").trim().toLocaleLowerCase();

/**
 * Reads cells back: a choice's label (either language) → its value; a person's name or email →
 * their id; a stage's name → its id. Anything it does not know is passed on as written, for the
 * validator to accept (a value written as stored) or report.
 */
export class CellReader {
  private readonly choices = new Map<string, Map<string, string>>();
  private readonly people = new Map<string, string | null>();
  private readonly stages = new Map<string, string | null>();

  constructor(
    private readonly collection: CollectionName,
    ts: readonly TFunction[],
    people: readonly { id: string; name: string; email: string }[],
    stages: readonly PipelineStage[],
    stageLabels: readonly ((s: PipelineStage) => string)[],
  ) {
    for (const c of columnsOf(collection)) {
      if (c.kind !== "enum") continue;
      const m = new Map<string, string>();
      for (const v of c.values ?? []) for (const t of ts) m.set(key(t(`${c.valueLabel}.${v}`, { defaultValue: v })), v);
      this.choices.set(c.field, m);
    }
    const once = (map: Map<string, string | null>, k: string, id: string) => {
      if (k) map.set(k, map.has(k) && map.get(k) !== id ? null : id);
    };
    for (const p of people) {
      once(this.people, key(p.name), p.id);
      once(this.people, key(p.email), p.id);
    }
    for (const s of stages) for (const label of stageLabels) once(this.stages, key(label(s)), s.id);
  }

  read(field: string, cell: string): string {
    const k = key(cell);
    if (!k) return cell;
    const column = kindOf(this.collection, field);
    const hit =
      column.kind === "enum"
        ? this.choices.get(field)?.get(k)
        : column.kind === "person"
          ? this.people.get(k)
          : column.kind === "stage"
            ? this.stages.get(k)
            : undefined;
    return hit ?? cell;
  }
}

const defaultStages = defaultSettings().pipelineStages;

/**
 * A stage's name for the reader: the default pipeline's stages (still named as shipped) in `t`'s
 * language; a stage an admin named or renamed exactly as they wrote it.
 */
export function stageLabeller(t: TFunction): (stage: PipelineStage) => string {
  return (stage) =>
    defaultStages.some((d) => d.id === stage.id && d.label === stage.label)
      ? t(`sales.pipeline.stages.${stage.id}`)
      : stage.label;
}
