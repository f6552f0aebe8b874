import {
  accountStatuses,
  activityKinds,
  type CollectionName,
  casePriorities,
  caseStatuses,
  channels,
  leadSources,
  leadStatuses,
  orderStatuses,
  quoteStatuses,
  relatableTypes,
} from "@crm/schema";
import type { Key } from "../i18n/keys.js";

/*
 * What a list can filter, sort and group by, per collection: ONE table, read by the filter bar,
 * the column headers, the query runner and the saved-view validator. A field not declared here
 * cannot be filtered on, so a saved view naming one is refused instead of silently matching
 * nothing. Labels are i18n keys that already exist for the record's form (the same words on the
 * form, the list and the filter bar).
 */

/** `person`: a user id (owner, assignee), shown and chosen by the person's name. */
export type FieldKind = "text" | "enum" | "number" | "money" | "date" | "reference" | "person";

export interface ViewField {
  key: string;
  /** i18n key of the field's label. */
  label: Key;
  kind: FieldKind;
  /** Enum values as stored (booleans as "true"/"false"). */
  values?: readonly string[];
  /** i18n key prefix for an enum value's label: `${valueLabel}.${value}`. */
  valueLabel?: string;
  /** Group-by makes sense (few distinct values). */
  groupable?: boolean;
}

export interface CollectionFields {
  fields: ViewField[];
  /** The field holding the person responsible ("Mine"): a user id, or a name as typed. */
  mine?: string;
}

const text = (key: string, label: Key): ViewField => ({ key, label, kind: "text" });
const num = (key: string, label: Key, kind: "number" | "money" = "number"): ViewField => ({ key, label, kind });
const date = (key: string, label: Key): ViewField => ({ key, label, kind: "date" });
const ref = (key: string, label: Key): ViewField => ({ key, label, kind: "reference" });
const person = (key: string, label: Key): ViewField => ({ key, label, kind: "person", groupable: true });
const choice = (key: string, label: Key, values: readonly string[], valueLabel: string): ViewField => ({
  key,
  label,
  kind: "enum",
  values,
  valueLabel,
  groupable: true,
});
const created = date("createdAt", "views.fields.createdAt");
const updated = date("updatedAt", "views.fields.updatedAt");

export const viewFields: Partial<Record<CollectionName, CollectionFields>> = {
  accounts: {
    mine: "owner",
    fields: [
      text("name", "accounts.fields.name"),
      { ...text("industry", "accounts.fields.industry"), groupable: true },
      choice("status", "accounts.fields.status", accountStatuses, "accounts.statuses"),
      { ...text("billingCountry", "accounts.fields.billingCountry"), groupable: true },
      { ...text("billingCity", "accounts.fields.billingCity"), groupable: true },
      text("email", "accounts.fields.email"),
      text("phone", "accounts.fields.phone"),
      person("owner", "accounts.fields.owner"),
      created,
      updated,
    ],
  },
  contacts: {
    fields: [
      text("lastName", "contacts.fields.lastName"),
      text("firstName", "contacts.fields.firstName"),
      { ...text("title", "contacts.fields.title"), groupable: true },
      ref("accountId", "contacts.fields.accountId"),
      text("email", "contacts.fields.email"),
      text("phone", "contacts.fields.phone"),
      created,
      updated,
    ],
  },
  leads: {
    mine: "owner",
    fields: [
      text("lastName", "sales.leads.fields.lastName"),
      text("firstName", "sales.leads.fields.firstName"),
      { ...text("company", "sales.leads.fields.company"), groupable: true },
      choice("status", "sales.leads.fields.status", leadStatuses, "sales.leads.statuses"),
      choice("source", "sales.leads.fields.source", leadSources, "sales.leads.sources"),
      num("score", "sales.leads.fields.score"),
      text("email", "sales.leads.fields.email"),
      person("owner", "sales.leads.fields.owner"),
      created,
      updated,
    ],
  },
  opportunities: {
    mine: "owner",
    fields: [
      text("name", "sales.pipeline.fields.name"),
      { ...text("stage", "sales.pipeline.fields.stage"), groupable: true },
      num("amount", "sales.pipeline.fields.amount", "money"),
      num("probability", "sales.pipeline.fields.probability"),
      date("closeDate", "sales.pipeline.fields.closeDate"),
      ref("accountId", "sales.pipeline.fields.account"),
      person("owner", "sales.pipeline.fields.owner"),
      created,
      updated,
    ],
  },
  products: {
    fields: [
      text("name", "sales.products.fields.name"),
      text("sku", "sales.products.fields.sku"),
      num("unitPrice", "sales.products.fields.unitPrice", "money"),
      num("cost", "sales.products.fields.cost", "money"),
      choice("active", "sales.products.fields.active", ["true", "false"], "views.active"),
      created,
      updated,
    ],
  },
  quotes: {
    fields: [
      text("number", "sales.quotes.fields.number"),
      choice("status", "sales.quotes.fields.status", quoteStatuses, "sales.quotes.statuses"),
      date("validUntil", "sales.quotes.fields.validUntil"),
      ref("accountId", "sales.quotes.fields.account"),
      created,
      updated,
    ],
  },
  orders: {
    fields: [
      text("number", "sales.orders.fields.number"),
      choice("status", "sales.orders.fields.status", orderStatuses, "sales.orders.statuses"),
      num("total", "sales.orders.fields.total", "money"),
      date("orderedAt", "sales.orders.fields.orderedAt"),
      ref("accountId", "sales.orders.fields.account"),
      created,
      updated,
    ],
  },
  cases: {
    mine: "assignee",
    fields: [
      text("subject", "service.fields.subject"),
      choice("status", "service.fields.status", caseStatuses, "service.statuses"),
      choice("priority", "service.fields.priority", casePriorities, "service.priorities"),
      choice("channel", "service.fields.channel", channels, "service.channels"),
      person("assignee", "service.fields.assignee"),
      ref("accountId", "service.fields.accountId"),
      date("openedAt", "service.fields.openedAt"),
      date("resolvedAt", "service.fields.resolvedAt"),
      created,
      updated,
    ],
  },
  activities: {
    mine: "owner",
    fields: [
      text("subject", "activities.fields.subject"),
      choice("kind", "activities.fields.kind", activityKinds, "activities.kinds"),
      date("dueAt", "activities.fields.dueAt"),
      choice("done", "activities.fields.done", ["true", "false"], "activities.doneValues"),
      date("doneAt", "activities.fields.doneAt"),
      choice("relatedType", "activities.fields.related", relatableTypes, "activities.types"),
      ref("accountId", "activities.fields.accountId"),
      person("owner", "activities.fields.owner"),
      created,
      updated,
    ],
  },
};

export function fieldsOf(collection: CollectionName): CollectionFields {
  return viewFields[collection] ?? { fields: [] };
}

export function findField(collection: CollectionName, key: string): ViewField | undefined {
  return fieldsOf(collection).fields.find((f) => f.key === key);
}
