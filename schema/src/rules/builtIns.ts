import type { Rule } from "./model.js";

/*
 * The rules every workspace starts with, editable: present in a new workspace and in one created
 * before rules existed (a built-in id missing from the settings document reads as its default
 * here), disabled or edited like any rule, reset by deleting the stored entry, never deleted.
 */

export const BUILT_IN_RULE_IDS = [
  "sla-escalation",
  "quote-accepted-deal-won",
  "order-delivered-customer",
  "task-due-notify",
] as const;
export type BuiltInRuleId = (typeof BUILT_IN_RULE_IDS)[number];

export function isBuiltInRuleId(id: string): id is BuiltInRuleId {
  return (BUILT_IN_RULE_IDS as readonly string[]).includes(id);
}

export function builtInRules(): Rule[] {
  return [
    {
      id: "sla-escalation",
      name: "Escalate cases whose SLA is at risk",
      enabled: true,
      builtIn: true,
      collection: "cases",
      // "settings": the SLA section's escalation (at risk or breached; raise priority or reassign).
      trigger: { type: "sla", when: "settings" },
      conditions: [],
      actions: [{ type: "escalate" }],
    },
    {
      id: "quote-accepted-deal-won",
      name: "Accepted quote wins its deal",
      enabled: true,
      builtIn: true,
      collection: "quotes",
      trigger: { type: "changed", field: "status", to: "accepted" },
      conditions: [{ field: "opportunityId", op: "notEmpty", value: "" }],
      actions: [
        { type: "updateRelated", via: "opportunityId", values: { stage: { kind: "stage", stageKind: "won" } } },
      ],
    },
    {
      id: "order-delivered-customer",
      name: "Delivered order makes its account a customer",
      enabled: true,
      builtIn: true,
      collection: "orders",
      trigger: { type: "changed", field: "status", to: "delivered" },
      conditions: [{ field: "accountId", op: "notEmpty", value: "" }],
      actions: [{ type: "updateRelated", via: "accountId", values: { status: { kind: "value", value: "customer" } } }],
    },
    {
      id: "task-due-notify",
      name: "Remind the owner of a task when it is due",
      enabled: true,
      builtIn: true,
      collection: "activities",
      trigger: { type: "dateReached", field: "dueAt", offset: { amount: 0, unit: "minutes" }, direction: "after" },
      conditions: [
        { field: "kind", op: "is", value: "task" },
        { field: "done", op: "is", value: "false" },
        { field: "owner", op: "notEmpty", value: "" },
      ],
      actions: [{ type: "notify", to: [{ kind: "field", field: "owner" }], title: "Task due: {subject}" }],
    },
  ];
}

export function builtInRule(id: string): Rule | undefined {
  return builtInRules().find((r) => r.id === id);
}
