import {
  type CollectionName,
  type FieldSettings,
  fieldsOf,
  isTemporal,
  liveFieldsOf,
  type Rule,
  type RuleAction,
  type Trigger,
  writableFieldsOf,
} from "@crm/schema";

/*
 * Workflow rules as the Settings editor builds them: a new rule's defaults, the default shape of
 * each trigger and action when its type is chosen, and which fields each control offers. The
 * editor edits a `Rule` directly (every value in it is text or a number already); schema's
 * `writeRule` validates it on save and its issues name the paths the controls carry.
 */

export const ruleCollections: CollectionName[] = [
  "accounts",
  "contacts",
  "leads",
  "opportunities",
  "quotes",
  "orders",
  "cases",
  "activities",
  "products",
];

/** A rule id from its name and a random tail (unique enough; the map key of the rule). */
export function newRuleId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${slug || "rule"}-${Math.random().toString(36).slice(2, 8)}`;
}

export function newRule(): Rule {
  return {
    id: "",
    name: "",
    enabled: true,
    collection: "accounts",
    trigger: { type: "created" },
    conditions: [],
    actions: [{ type: "notify", to: [{ kind: "field", field: "owner" }], title: "" }],
  };
}

/** The fields a "changed" trigger may watch, and a condition may test. */
export const filterableFields = (c: CollectionName, s?: FieldSettings) => liveFieldsOf(c, s).filter((f) => f.filter);
export const dateFields = (c: CollectionName, s?: FieldSettings) =>
  fieldsOf(c, s, { live: true }).filter((f) => isTemporal(f.kind));
export const personFields = (c: CollectionName, s?: FieldSettings) =>
  fieldsOf(c, s, { live: true }).filter((f) => f.kind === "person");
export const referenceFields = (c: CollectionName, s?: FieldSettings) =>
  fieldsOf(c, s, { live: true }).filter((f) => f.kind === "reference" && typeof f.ref === "string");
export { writableFieldsOf };

export function defaultTrigger(type: Trigger["type"], c: CollectionName, s?: FieldSettings): Trigger {
  switch (type) {
    case "created":
      return { type };
    case "changed":
      return { type, field: filterableFields(c, s)[0]?.key ?? "" };
    case "dateReached":
      return {
        type,
        field: dateFields(c, s)[0]?.key ?? "",
        offset: { amount: 0, unit: "days" },
        direction: "before",
      };
    case "schedule":
      return { type, interval: "daily", every: 1, at: "08:00" };
    case "sla":
      return { type, when: "settings" };
  }
}

export function defaultAction(type: RuleAction["type"], c: CollectionName, s?: FieldSettings): RuleAction {
  const owner = personFields(c, s)[0]?.key ?? "owner";
  switch (type) {
    case "setFields":
      return { type, values: {} };
    case "updateRelated":
      return { type, via: referenceFields(c, s)[0]?.key ?? "", values: {} };
    case "createRecord":
      return {
        type,
        collection: "activities",
        values: { subject: { kind: "value", value: "" } },
      };
    case "assign":
      return { type, people: [], roundRobin: false };
    case "notify":
      return { type, to: [{ kind: "field", field: owner }], title: "" };
    case "webhook":
      return { type };
    case "wait":
      return { type, delay: { amount: 1, unit: "hours" } };
    case "escalate":
      return { type };
  }
}
