import type { CollectionName, StoredRecord } from "@crm/schema";
import type { Key } from "../i18n/keys.js";
import type { FormShape } from "./formModel.js";

/*
 * What each record type's form needs beyond its descriptors: its titles, where it goes back to,
 * fields edited elsewhere, and what a new record is given. Everything else — which inputs, their
 * labels, sections, required markers, choices — comes from the descriptors (fieldsOf).
 */

export interface FormSpec extends FormShape {
  /** i18n keys of the titles. */
  newTitle: Key;
  editTitle: Key;
  /** Where Cancel goes from a new record's form. */
  list: string;
  /** A new record belongs to whoever makes it (its `responsible` person field). */
  mine?: boolean;
  /** The i18n key naming "nobody" for a person field (default `people.nobody`). */
  nobody?: Readonly<Record<string, Key>>;
  /** Made from an account's page (`?account=`): Cancel, and Save too (`saved`), return there. */
  backToAccount?: "cancel" | "saved";
}

/**
 * The record types people create and edit in a form (orders come from quotes, surveys from cases,
 * conversation entries from mail and the case page, answer articles in Settings → Answers).
 */
export type FormCollection = Exclude<
  CollectionName,
  "orders" | "surveyResponses" | "caseMessages" | "answerArticles" | "consents" | "segments"
>;

export const formSpecs: Record<FormCollection, FormSpec> = {
  accounts: { newTitle: "accounts.newTitle", editTitle: "accounts.editTitle", list: "/accounts", mine: true },
  contacts: {
    newTitle: "contacts.newTitle",
    editTitle: "contacts.editTitle",
    list: "/contacts",
    backToAccount: "saved",
  },
  leads: { newTitle: "sales.leads.newTitle", editTitle: "sales.leads.editTitle", list: "/leads", mine: true },
  opportunities: {
    newTitle: "sales.pipeline.newTitle",
    editTitle: "sales.pipeline.editTitle",
    list: "/pipeline",
    mine: true,
  },
  products: { newTitle: "sales.products.newTitle", editTitle: "sales.products.editTitle", list: "/products" },
  // The status moves by the quote page's actions (sent, accepted …), never in the form.
  quotes: { newTitle: "sales.quotes.newTitle", editTitle: "sales.quotes.editTitle", list: "/quotes", hide: ["status"] },
  cases: {
    newTitle: "service.newTitle",
    editTitle: "service.editTitle",
    list: "/cases",
    // Resolving and closing happen on the case page, where the satisfaction question is asked;
    // the SLA clock starts when the case is made.
    hide: ["status", "openedAt"],
    nobody: { assignee: "service.unassigned" },
    backToAccount: "cancel",
  },
  activities: {
    newTitle: "activities.newTitle",
    editTitle: "activities.editTitle",
    list: "/activities",
    mine: true,
    // The due date is typed as a day; a due time with a clock (from an import) is kept as it was
    // unless the day is changed.
    dayFields: ["dueAt"],
  },
};

/** Query parameters a link to a new record may carry, and the reference each fills in. */
const PARAMS: Readonly<Record<string, string>> = {
  account: "accountId",
  opportunity: "opportunityId",
  contact: "contactId",
};

/**
 * What a new record starts with: the references its link names (`?account=` from an account's
 * page), and its maker as the responsible person when the type says so. Only fields the type has.
 */
export function newRecordBase(
  keys: ReadonlySet<string>,
  params: URLSearchParams,
  spec: FormSpec,
  me: string,
  responsible: string | undefined,
): StoredRecord {
  const out: StoredRecord = {};
  for (const [param, key] of Object.entries(PARAMS)) {
    const v = params.get(param);
    if (v && keys.has(key)) out[key] = v;
  }
  if (spec.mine && responsible) out[responsible] = me;
  return out;
}
