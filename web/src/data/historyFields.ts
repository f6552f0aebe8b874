import { type CollectionName, formatMoney, isClipped } from "@crm/schema";
import type { TFunction } from "i18next";
import { isKey, type Key } from "../i18n/keys.js";
import { formatDate } from "../ui/dates.js";

/*
 * How the data pages (history, import, merge) name each field, and how the history shows its
 * values, per record type: the label the record's own form uses, and the value as a person reads
 * it there — a status by its translated label, a stage by its name, a reference by the record's
 * name, an owner by the person's name, money in the workspace currency, dates in the app's date
 * format. A field missing here (added after this table) still shows, by its humanized name and
 * its stored value.
 */

export type ValueKind =
  | "text"
  | "enum"
  | "stage"
  | "reference"
  | "person"
  | "money"
  | "percent"
  | "number"
  /** "YYYY-MM-DD", a day with no time. */
  | "day"
  /** A moment, in ms. */
  | "time"
  /** An activity's due: a day (stored as its UTC midnight) or a moment. */
  | "due"
  | "boolean"
  | "lines"
  /** Not shown: it repeats what another field says (an order's status history beside its status). */
  | "hidden";

export interface FieldFormat {
  /** i18n key of the field's label. */
  label: Key;
  kind: ValueKind;
  /** For enums: the i18n prefix of a value's label (`${values}.${value}`). */
  values?: string;
}

const f = (label: Key, kind: ValueKind = "text", values?: string): FieldFormat =>
  values ? { label, kind, values } : { label, kind };

export const HISTORY_FIELDS: Partial<Record<CollectionName, Record<string, FieldFormat>>> = {
  accounts: {
    name: f("accounts.fields.name"),
    website: f("accounts.fields.website"),
    industry: f("accounts.fields.industry"),
    phone: f("accounts.fields.phone"),
    email: f("accounts.fields.email"),
    billingStreet: f("accounts.fields.billingStreet"),
    billingCity: f("accounts.fields.billingCity"),
    billingPostalCode: f("accounts.fields.billingPostalCode"),
    billingCountry: f("accounts.fields.billingCountry"),
    status: f("accounts.fields.status", "enum", "accounts.statuses"),
    owner: f("accounts.fields.owner", "person"),
    churnedAt: f("data.historyFields.churnedAt", "time"),
  },
  contacts: {
    firstName: f("contacts.fields.firstName"),
    lastName: f("contacts.fields.lastName"),
    email: f("contacts.fields.email"),
    phone: f("contacts.fields.phone"),
    title: f("contacts.fields.title"),
    accountId: f("contacts.fields.accountId", "reference"),
  },
  leads: {
    firstName: f("sales.leads.fields.firstName"),
    lastName: f("sales.leads.fields.lastName"),
    company: f("sales.leads.fields.company"),
    title: f("sales.leads.fields.title"),
    email: f("sales.leads.fields.email"),
    phone: f("sales.leads.fields.phone"),
    source: f("sales.leads.fields.source", "enum", "sales.leads.sources"),
    status: f("sales.leads.fields.status", "enum", "sales.leads.statuses"),
    score: f("sales.leads.fields.score", "number"),
    owner: f("sales.leads.fields.owner", "person"),
    convertedAt: f("data.historyFields.convertedAt", "time"),
    convertedAccountId: f("data.historyFields.convertedAccountId", "reference"),
    convertedContactId: f("data.historyFields.convertedContactId", "reference"),
    convertedOpportunityId: f("data.historyFields.convertedOpportunityId", "reference"),
  },
  opportunities: {
    name: f("sales.pipeline.fields.name"),
    accountId: f("sales.pipeline.fields.account", "reference"),
    contactId: f("data.historyFields.contactId", "reference"),
    stage: f("sales.pipeline.fields.stage", "stage"),
    amount: f("sales.pipeline.fields.amount", "money"),
    probability: f("sales.pipeline.fields.probability", "percent"),
    closeDate: f("sales.pipeline.fields.closeDate", "day"),
    owner: f("sales.pipeline.fields.owner", "person"),
    wonAt: f("data.historyFields.wonAt", "time"),
    lostAt: f("data.historyFields.lostAt", "time"),
  },
  products: {
    name: f("sales.products.fields.name"),
    sku: f("sales.products.fields.sku"),
    unitPrice: f("sales.products.fields.unitPrice", "money"),
    cost: f("sales.products.fields.cost", "money"),
    active: f("sales.products.fields.active", "boolean"),
    description: f("sales.products.fields.description"),
  },
  quotes: {
    number: f("sales.quotes.fields.number"),
    accountId: f("sales.quotes.fields.account", "reference"),
    opportunityId: f("sales.quotes.fields.opportunity", "reference"),
    contactId: f("data.historyFields.contactId", "reference"),
    status: f("sales.quotes.fields.status", "enum", "sales.quotes.statuses"),
    validUntil: f("sales.quotes.fields.validUntil", "day"),
    lines: f("data.historyFields.lines", "lines"),
    orderId: f("data.historyFields.orderId", "reference"),
  },
  orders: {
    number: f("sales.orders.fields.number"),
    accountId: f("sales.orders.fields.account", "reference"),
    quoteId: f("sales.orders.fields.quote", "reference"),
    status: f("sales.orders.fields.status", "enum", "sales.orders.statuses"),
    orderedAt: f("sales.orders.fields.orderedAt", "time"),
    lines: f("data.historyFields.lines", "lines"),
    total: f("sales.orders.fields.total", "money"),
    statusHistory: f("data.historyFields.statusHistory", "hidden"),
  },
  cases: {
    subject: f("service.fields.subject"),
    accountId: f("service.fields.accountId", "reference"),
    contactId: f("service.fields.contactId", "reference"),
    category: f("service.fields.category", "enum", "service.categories"),
    status: f("service.fields.status", "enum", "service.statuses"),
    priority: f("service.fields.priority", "enum", "service.priorities"),
    channel: f("service.fields.channel", "enum", "service.channels"),
    assignee: f("service.fields.assignee", "person"),
    openedAt: f("service.fields.openedAt", "time"),
    firstResponseAt: f("service.fields.firstResponseAt", "time"),
    resolvedAt: f("service.fields.resolvedAt", "time"),
    closedAt: f("service.fields.closedAt", "time"),
    escalatedAt: f("service.fields.escalatedAt", "time"),
  },
  activities: {
    kind: f("activities.fields.kind", "enum", "activities.kinds"),
    subject: f("activities.fields.subject"),
    dueAt: f("activities.fields.dueAt", "due"),
    done: f("activities.fields.done", "boolean"),
    doneAt: f("activities.fields.doneAt", "time"),
    relatedType: f("activities.fields.related", "enum", "activities.types"),
    relatedId: f("data.historyFields.relatedId", "reference"),
    accountId: f("activities.fields.accountId", "reference"),
    owner: f("activities.fields.owner", "person"),
  },
};

export function fieldFormat(collection: CollectionName, field: string): FieldFormat | undefined {
  return HISTORY_FIELDS[collection]?.[field];
}

/** What a value is shown with: the reader's language and names known on this device. */
export interface ValueContext {
  t: TFunction;
  /** "en" or "zh". */
  lang: string;
  currency: string;
  /** A stage's name, as the pipeline shows it. */
  stage(id: string): string;
  /** A user id as a name. */
  person(id: string): string;
  /** A referenced record's name, when this device knows it. */
  title(id: string): string | undefined;
}

const DAY = 86_400_000;
const dayMs = (v: string) => Date.parse(`${v.slice(0, 10)}T00:00:00Z`);

/** A stored value as the person reads it on the record's screens; "" for no value. */
export function historyValue(collection: CollectionName, field: string, v: unknown, ctx: ValueContext): string {
  // A long value is kept clipped in the history (schema's recordHistory.ts): say it goes on.
  if (isClipped(v)) return `${v["~clipped"]}…`;
  if (v === undefined || v === null || v === "") return "";
  const locale = ctx.lang === "zh" ? "zh-CN" : "en";
  const format = fieldFormat(collection, field);
  const n = typeof v === "number" ? v : Number(v);
  switch (format?.kind) {
    case "enum": {
      const key = `${format.values}.${String(v)}`;
      return isKey(key) ? ctx.t(key) : String(v);
    }
    case "stage":
      return ctx.stage(String(v));
    case "reference":
      return ctx.title(String(v)) ?? String(v);
    case "person":
      return ctx.person(String(v));
    case "money":
      return Number.isFinite(n) ? formatMoney(n, ctx.currency, locale) : String(v);
    case "percent":
      return Number.isFinite(n) ? `${n.toLocaleString(locale)}%` : String(v);
    case "number":
      return Number.isFinite(n) ? n.toLocaleString(locale) : String(v);
    case "day": {
      const at = dayMs(String(v));
      return Number.isNaN(at) ? String(v) : formatDate(locale, at, { dateStyle: "medium", timeZone: "UTC" });
    }
    case "time":
      return Number.isFinite(n) && n > 0 ? formatDate(locale, n, { dateStyle: "medium", timeStyle: "short" }) : "";
    case "due":
      // A due typed as a day is stored as that day's UTC midnight (activities/activityRecord.ts).
      if (!Number.isFinite(n)) return String(v);
      return n % DAY === 0
        ? formatDate(locale, n, { dateStyle: "medium", timeZone: "UTC" })
        : formatDate(locale, n, { dateStyle: "medium", timeStyle: "short" });
    case "boolean":
      return ctx.t(v === true || v === "true" ? "data.history.yes" : "data.history.no");
    case "lines":
      return Array.isArray(v) ? ctx.t("data.history.lines", { count: v.length }) : String(v);
    default:
      return typeof v === "string" ? v : JSON.stringify(v);
  }
}

/** Fields whose changes the history does not list (they repeat another field). */
export function isHiddenInHistory(collection: CollectionName, field: string): boolean {
  return fieldFormat(collection, field)?.kind === "hidden";
}
