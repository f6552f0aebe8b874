import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { defaultSettings } from "../settings.js";
import { addCustomField } from "../settingsFields.js";
import { builtInRules } from "./builtIns.js";
import {
  changeFires,
  conditionsMatch,
  dateTriggerAt,
  renderTemplate,
  resolveValues,
  scheduleSlot,
} from "./evaluate.js";
import type { Rule } from "./model.js";
import { deleteRule, readRules, resetRule, writeRule } from "./store.js";
import { validateRule } from "./validate.js";

const rule = (over: Partial<Rule> = {}): Rule => ({
  id: "r1",
  name: "Big deals",
  enabled: true,
  collection: "opportunities",
  trigger: { type: "created" },
  conditions: [{ field: "amount", op: "gt", value: "1000" }],
  actions: [{ type: "setFields", values: { probability: { kind: "value", value: "50" } } }],
  ...over,
});
const paths = (input: unknown) => {
  const r = validateRule(input, defaultSettings());
  return r.ok ? [] : r.issues.map((i) => `${i.field}:${i.code}`);
};

describe("validateRule", () => {
  it("accepts the built-in rules and a plain rule", () => {
    for (const r of builtInRules()) expect(paths(r), r.id).toEqual([]);
    expect(paths(rule())).toEqual([]);
  });

  it("names the path of a shape problem", () => {
    expect(paths({ ...rule(), name: " " })).toEqual(["name:required"]);
    expect(paths({ ...rule(), actions: [] })).toEqual(["actions:required"]);
    expect(
      paths({
        ...rule(),
        trigger: { type: "dateReached", field: "closeDate", offset: { amount: -1, unit: "days" }, direction: "before" },
      }),
    ).toEqual(["trigger.offset.amount:outOfRange"]);
    expect(paths({ ...rule(), actions: [{ type: "teleport" }] })).toEqual(["actions.0.type:invalidChoice"]);
  });

  it("names the path of a field problem", () => {
    expect(paths(rule({ trigger: { type: "changed", field: "nope" } }))).toEqual(["trigger.field:invalidChoice"]);
    expect(paths(rule({ trigger: { type: "changed", field: "stage", to: "" } }))).toEqual([]);
    expect(
      paths(
        rule({
          trigger: { type: "dateReached", field: "name", offset: { amount: 3, unit: "days" }, direction: "before" },
        }),
      ),
    ).toEqual(["trigger.field:invalidChoice"]);
    expect(paths(rule({ trigger: { type: "sla", when: "breached" } }))).toEqual(["trigger.type:invalidChoice"]);
    expect(paths(rule({ trigger: { type: "schedule", interval: "daily", every: 1 } }))).toEqual([
      "trigger.at:required",
    ]);
    expect(paths(rule({ conditions: [{ field: "amount", op: "contains", value: "x" }] }))).toEqual([
      "conditions.0.op:invalidChoice",
    ]);
    expect(paths(rule({ conditions: [{ field: "amount", op: "gt", value: "lots" }] }))).toEqual([
      "conditions.0.value:invalidChoice",
    ]);
    expect(paths(rule({ actions: [{ type: "setFields", values: { wonAt: { kind: "value", value: "1" } } }] }))).toEqual(
      ["actions.0.values.wonAt:invalidChoice"],
    );
    expect(
      paths(rule({ actions: [{ type: "setFields", values: { amount: { kind: "value", value: "much" } } }] })),
    ).toEqual(["actions.0.values.amount:invalidNumber"]);
    expect(
      paths(
        rule({
          actions: [{ type: "updateRelated", via: "name", values: { status: { kind: "value", value: "customer" } } }],
        }),
      ),
    ).toEqual(["actions.0.via:invalidChoice"]);
    expect(
      paths(
        rule({
          actions: [{ type: "updateRelated", via: "accountId", values: { status: { kind: "value", value: "bogus" } } }],
        }),
      ),
    ).toEqual(["actions.0.values.status:invalidChoice"]);
    expect(
      paths(
        rule({
          actions: [
            { type: "createRecord", collection: "activities", values: { kind: { kind: "value", value: "task" } } },
          ],
        }),
      ),
    ).toEqual(["actions.0.values.subject:required"]);
    expect(paths(rule({ actions: [{ type: "notify", to: [{ kind: "field", field: "name" }], title: "Hi" }] }))).toEqual(
      ["actions.0.to.0.field:invalidChoice"],
    );
    expect(paths(rule({ actions: [{ type: "escalate" }] }))).toEqual(["actions.0.type:invalidChoice"]);
    expect(
      paths(
        rule({
          actions: [{ type: "setFields", values: { stage: { kind: "now", offset: { amount: 1, unit: "days" } } } }],
        }),
      ),
    ).toEqual(["actions.0.values.stage:invalidChoice"]);
  });

  it("knows the workspace's custom fields", () => {
    const base = defaultSettings();
    const settings = {
      ...base,
      ...addCustomField(
        base,
        { collection: "opportunities", kind: "date", label: { en: "Renewal", zh: "续约" } },
        "cf1",
      ),
    };
    const key = Object.values(settings.customFields)[0]!.key;
    const t = {
      type: "dateReached" as const,
      field: key,
      offset: { amount: 1, unit: "days" as const },
      direction: "before" as const,
    };
    expect(validateRule(rule({ trigger: t }), settings).ok).toBe(true);
    expect(validateRule(rule({ trigger: t }), defaultSettings()).ok).toBe(false);
  });
});

describe("evaluation", () => {
  it("conditions are the list filters", () => {
    expect(conditionsMatch(rule(), { amount: 5000 })).toBe(true);
    expect(conditionsMatch(rule(), { amount: 500 })).toBe(false);
    expect(
      conditionsMatch(rule({ conditions: [{ field: "name", op: "contains", value: "acme" }] }), { name: "ACME deal" }),
    ).toBe(true);
    expect(conditionsMatch(rule({ conditions: [] }), {})).toBe(true);
  });

  it("a changed trigger fires on its field, from and to", () => {
    const t = { type: "changed" as const, field: "status", to: "accepted" };
    const change = (o: unknown, n: unknown) => ({ kind: "updated" as const, fields: { status: { old: o, new: n } } });
    expect(changeFires("quotes", t, change("sent", "accepted"))).toBe(true);
    expect(changeFires("quotes", t, change("accepted", "sent"))).toBe(false);
    expect(changeFires("quotes", { ...t, from: "draft" }, change("sent", "accepted"))).toBe(false);
    expect(changeFires("quotes", t, { kind: "updated", fields: { number: { old: "1", new: "2" } } })).toBe(false);
    expect(changeFires("quotes", t, { kind: "created", fields: { status: { old: null, new: "accepted" } } })).toBe(
      false,
    );
    expect(changeFires("quotes", { type: "created" }, { kind: "created", fields: {} })).toBe(true);
  });

  it("date, schedule and values", () => {
    const t = {
      type: "dateReached" as const,
      field: "closeDate",
      offset: { amount: 3, unit: "days" as const },
      direction: "before" as const,
    };
    expect(dateTriggerAt(t, { closeDate: "2026-03-10" })).toBe(Date.parse("2026-03-07T00:00:00Z"));
    expect(dateTriggerAt(t, { closeDate: null })).toBeNull();
    const now = Date.parse("2026-03-10T12:34:56Z");
    expect(scheduleSlot({ type: "schedule", interval: "minutes", every: 15 }, now)).toBe(
      Date.parse("2026-03-10T12:30:00Z"),
    );
    expect(scheduleSlot({ type: "schedule", interval: "daily", every: 1, at: "13:00" }, now)).toBe(
      Date.parse("2026-03-09T13:00:00Z"),
    );
    const values = resolveValues(
      "activities",
      {
        subject: { kind: "value", value: "Call back" },
        relatedId: { kind: "field", field: "id" },
        dueAt: { kind: "now", offset: { amount: 2, unit: "days" } },
        done: { kind: "value", value: "false" },
      },
      { record: { id: "abc" }, now, stages: defaultSettings().pipelineStages },
    );
    expect(values).toEqual({ subject: "Call back", relatedId: "abc", dueAt: now + 2 * 86_400_000, done: false });
    expect(
      resolveValues(
        "opportunities",
        { stage: { kind: "stage", stageKind: "won" }, closeDate: { kind: "now", offset: { amount: 0, unit: "days" } } },
        { record: {}, now, stages: defaultSettings().pipelineStages },
      ),
    ).toEqual({ stage: "won", closeDate: "2026-03-10" });
    expect(renderTemplate("Task due: {subject}{nope}", { subject: "Call" })).toBe("Task due: Call");
  });
});

describe("rules in the settings document", () => {
  it("a new workspace has the built-ins; edits, disabling, reset; built-ins are not deleted", () => {
    const doc = new Y.Doc();
    expect(readRules(doc).rules.map((r) => r.id)).toEqual(builtInRules().map((r) => r.id));
    const off = { ...builtInRules()[1]!, enabled: false };
    expect(writeRule(doc, off).ok).toBe(true);
    expect(readRules(doc).rules.find((r) => r.id === off.id)?.enabled).toBe(false);
    expect(deleteRule(doc, off.id)).toBe(false);
    resetRule(doc, off.id);
    expect(readRules(doc).rules.find((r) => r.id === off.id)?.enabled).toBe(true);
  });

  it("refuses an invalid rule by path and writes nothing", () => {
    const doc = new Y.Doc();
    const r = writeRule(doc, rule({ conditions: [{ field: "amount", op: "gt", value: "x" }] }));
    expect(r.ok ? [] : r.issues.map((i) => i.field)).toEqual(["conditions.0.value"]);
    expect(readRules(doc).rules).toHaveLength(4);
  });

  it("two admins editing different rules offline both keep theirs", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    writeRule(a, rule({ id: "ra", name: "A" }));
    writeRule(b, rule({ id: "rb", name: "B" }));
    writeRule(b, { ...builtInRules()[0]!, enabled: false });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const d of [a, b]) {
      const { rules } = readRules(d);
      expect(rules.map((r) => r.id)).toEqual([...builtInRules().map((r) => r.id), "ra", "rb"]);
      expect(rules[0]!.enabled).toBe(false);
    }
    expect(deleteRule(a, "ra")).toBe(true);
    expect(readRules(a).rules.map((r) => r.id)).not.toContain("ra");
  });

  it("an entry that does not validate is left out and reported; a built-in falls back", () => {
    const doc = new Y.Doc();
    doc.getMap("rules").set("sla-escalation", { id: "sla-escalation", name: "" });
    doc.getMap("rules").set("junk", { nope: true });
    const { rules, replaced } = readRules(doc);
    expect(rules.map((r) => r.id)).toEqual(builtInRules().map((r) => r.id));
    expect(rules[0]!.name).toBe(builtInRules()[0]!.name);
    expect(replaced.map((i) => i.field)).toContain("rules.sla-escalation.name");
    expect(replaced.some((i) => i.field.startsWith("rules.junk"))).toBe(true);
  });
});
