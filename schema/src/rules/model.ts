import { z } from "zod";
import { filterSchema } from "../filters/filter.js";
import { recordTypes } from "../recordTypes.js";

/*
 * Workflow rules (issue 11): admins build them in Settings, the automation peer runs them
 * (peer/src/rules/). A rule is pure data — a trigger on records of one collection, conditions in
 * the list views' filter language (filters/), and an ordered list of actions — so it can live in
 * the settings document, be validated the same way in the browser and on the server, and be
 * shown in a run log.
 *
 * This file is the shape (zod). What the shape cannot say — that a field exists on the record
 * type, that a date trigger names a date field, that a value fits its field — is checked with the
 * workspace's fields in validate.ts. Values an action writes are expressions (`ValueExpr`), so a
 * task created by a rule can point at the triggering record and be due "in 2 days".
 */

export const collectionNames = Object.keys(recordTypes) as (keyof typeof recordTypes)[];

const fieldKey = z.string({ error: "required" }).min(1, { error: "required" }).max(64, { error: "tooLong" });
const count = (max: number) =>
  z
    .number({ error: "invalidNumber" })
    .int({ error: "notInteger" })
    .min(0, { error: "outOfRange" })
    .max(max, { error: "outOfRange" });
const positive = (max: number) => count(max).min(1, { error: "outOfRange" });

export const durationUnits = ["seconds", "minutes", "hours", "days"] as const;
export type DurationUnit = (typeof durationUnits)[number];

export const durationSchema = z.object({
  amount: count(100_000),
  unit: z.enum(durationUnits, { error: "invalidChoice" }),
});
export type Duration = z.infer<typeof durationSchema>;

const UNIT_MS: Record<DurationUnit, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
/** A duration in ms. */
export function durationMs(d: Duration): number {
  return d.amount * UNIT_MS[d.unit];
}

// --- triggers ------------------------------------------------------------------------------------

export const triggerSchema = z.discriminatedUnion(
  "type",
  [
    /** A record of the collection was created. */
    z.object({ type: z.literal("created") }),
    /**
     * A field changed (a restore or a delete is not a change of a field). `from`/`to`: only when
     * the old/new value is this one (compared as the list filters' "is" compares: text
     * case-insensitively, numbers and yes/no by value).
     */
    z.object({
      type: z.literal("changed"),
      field: fieldKey,
      from: z.string().max(200, { error: "tooLong" }).optional(),
      to: z.string().max(200, { error: "tooLong" }).optional(),
    }),
    /**
     * A date or date-time field of the record is reached, shifted by `offset` ("3 days before
     * the close date" is `{ amount: 3, unit: "days" }, direction "before"`). Fires once per record
     * and value of the field (a moved date fires again at its new time).
     */
    z.object({
      type: z.literal("dateReached"),
      field: fieldKey,
      offset: durationSchema,
      direction: z.enum(["before", "after"], { error: "invalidChoice" }),
    }),
    /**
     * Every `every` minutes or hours, or daily at `at` ("HH:MM", UTC): the actions run for every
     * record matching the conditions at that moment.
     */
    z.object({
      type: z.literal("schedule"),
      interval: z.enum(["minutes", "hours", "daily"], { error: "invalidChoice" }),
      every: positive(10_000),
      at: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "invalidChoice" })
        .optional(),
    }),
    /**
     * Cases only: a case's SLA (sla.ts) is at risk (at risk or already breached) or breached.
     * `settings`: whatever the SLA settings' escalation says (the built-in escalation rule).
     * Fires once per case.
     */
    z.object({ type: z.literal("sla"), when: z.enum(["atRisk", "breached", "settings"], { error: "invalidChoice" }) }),
  ],
  { error: "invalidChoice" },
);
export type Trigger = z.infer<typeof triggerSchema>;
export type TriggerType = Trigger["type"];
export const triggerTypes = ["created", "changed", "dateReached", "schedule", "sla"] as const satisfies TriggerType[];

// --- values written by actions ------------------------------------------------------------------

export const valueExprSchema = z.discriminatedUnion(
  "kind",
  [
    /** A value as typed (text; numbers and yes/no as text too: the field's kind reads it). */
    z.object({ kind: z.literal("value"), value: z.string().max(2000, { error: "tooLong" }) }),
    /** The triggering record's field ("id" is the record's id). */
    z.object({ kind: z.literal("field"), field: fieldKey }),
    /** When the action runs, shifted: a date field gets the day, a date-time the moment. */
    z.object({ kind: z.literal("now"), offset: durationSchema, direction: z.enum(["before", "after"]).optional() }),
    /** The first pipeline stage of a kind (a deal "Won" whatever the stage is called here). */
    z.object({ kind: z.literal("stage"), stageKind: z.enum(["won", "lost"], { error: "invalidChoice" }) }),
  ],
  { error: "invalidChoice" },
);
export type ValueExpr = z.infer<typeof valueExprSchema>;

const valuesSchema = z.record(fieldKey, valueExprSchema);

/** Who a notification goes to: a person by id, or the person a field of the record names. */
export const recipientSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("person"), id: z.string().min(1, { error: "required" }).max(100) }),
    z.object({ kind: z.literal("field"), field: fieldKey }),
  ],
  { error: "invalidChoice" },
);
export type Recipient = z.infer<typeof recipientSchema>;

// --- actions -------------------------------------------------------------------------------------

export const actionSchema = z.discriminatedUnion(
  "type",
  [
    /** Sets fields of the triggering record. */
    z.object({ type: z.literal("setFields"), values: valuesSchema }),
    /** Sets fields of the record a reference field points at (a quote's deal, an order's account). */
    z.object({ type: z.literal("updateRelated"), via: fieldKey, values: valuesSchema }),
    /** Creates a record (once per firing, however often the job runs). */
    z.object({
      type: z.literal("createRecord"),
      collection: z.enum(collectionNames, { error: "invalidChoice" }),
      values: valuesSchema,
    }),
    /**
     * Puts a person in the record's responsible field (owner, assignee; or `field`): one person,
     * or the next of a group in turn (the rotation is kept by the server, per rule and action).
     */
    z.object({
      type: z.literal("assign"),
      field: fieldKey.optional(),
      people: z.array(z.string().min(1).max(100)).min(1, { error: "required" }).max(100, { error: "tooLong" }),
      roundRobin: z.boolean(),
    }),
    /** An in-app notification (the `notify` job kind). */
    z.object({
      type: z.literal("notify"),
      to: z.array(recipientSchema).min(1, { error: "required" }).max(50, { error: "tooLong" }),
      title: z.string().trim().min(1, { error: "required" }).max(200, { error: "tooLong" }),
      body: z.string().max(2000, { error: "tooLong" }).optional(),
    }),
    /** Sends the event `rule.<rule id>` (or `rule.<rule id>.<event>`) to subscribed webhook endpoints. */
    z.object({
      type: z.literal("webhook"),
      event: z
        .string()
        .regex(/^[a-z0-9_.-]{0,60}$/i, { error: "invalidChoice" })
        .optional(),
    }),
    /** Waits, then the actions after it continue. */
    z.object({ type: z.literal("wait"), delay: durationSchema }),
    /** Cases: the SLA settings' escalation (raise the priority or reassign), once per case. */
    z.object({ type: z.literal("escalate") }),
  ],
  { error: "invalidChoice" },
);
export type RuleAction = z.infer<typeof actionSchema>;
export type ActionType = RuleAction["type"];
export const actionTypes = [
  "setFields",
  "updateRelated",
  "createRecord",
  "assign",
  "notify",
  "webhook",
  "wait",
  "escalate",
] as const satisfies ActionType[];

// --- the rule ------------------------------------------------------------------------------------

export const RULE_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/;

export const ruleSchema = z.object({
  id: z.string().regex(RULE_ID, { error: "invalidChoice" }),
  name: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(120, { error: "tooLong" }),
  enabled: z.boolean({ error: "invalidBoolean" }),
  collection: z.enum(collectionNames, { error: "invalidChoice" }),
  trigger: triggerSchema,
  conditions: z.array(filterSchema).max(20, { error: "tooLong" }),
  actions: z.array(actionSchema).min(1, { error: "required" }).max(20, { error: "tooLong" }),
  /** Shipped with the app (builtIns.ts): can be disabled and reset, not deleted. */
  builtIn: z.boolean().optional(),
});
export type Rule = z.infer<typeof ruleSchema>;

/** The job a rule's actions run as, and the event a webhook action sends. */
export const RULE_JOB_KIND = "rule.run";
export const ruleEvent = (ruleId: string, event?: string) => (event ? `rule.${ruleId}.${event}` : `rule.${ruleId}`);
