import type { FieldSettings } from "../descriptors/effective.js";
import { STAGES_PICKLIST } from "../descriptors/picklists.js";
import type { FieldDescriptor } from "../descriptors/types.js";
import { allIssueMessages, type FieldIssue, type IssueCode, toIssues } from "../fields.js";
import { fieldsOf } from "../fieldsOf.js";
import { findField, isNumeric, isTemporal, operatorFits, unknownCustom } from "../filters/fields.js";
import { dateValue, valueProblem } from "../filters/filter.js";
import type { CollectionName } from "../recordTypes.js";
import { type Rule, type RuleAction, ruleSchema, type ValueExpr } from "./model.js";

/*
 * A rule checked against the workspace's fields: the shape (model.ts), then what only the fields
 * can say. Every issue names its path ("trigger.field", "conditions.1.value",
 * "actions.0.values.stage") with a code the Settings form translates, so the form points at the
 * culprit — the same issues on the server, which refuses nothing the form would accept.
 */

export type RuleCheck = { ok: true; value: Rule } | { ok: false; issues: FieldIssue[] };

const issue = (field: string, code: IssueCode): FieldIssue => ({ field, code, message: allIssueMessages[code] });

/** Fields a rule can write: on the form or set by workflows, never computed or bookkeeping. */
export function writableFieldsOf(collection: CollectionName, settings?: FieldSettings): FieldDescriptor[] {
  return fieldsOf(collection, settings, { live: true }).filter(
    (f) => !f.computed && !f.readOnly && f.kind !== "lines" && f.kind !== "json",
  );
}

/** Fields whose value a rule can read (conditions, "copy from the record"): every field and the id. */
function readable(collection: CollectionName, key: string, settings?: FieldSettings): boolean {
  return key === "id" || !!findField(collection, key, settings) || unknownCustom(collection, key, settings);
}

export function validateRule(input: unknown, settings?: FieldSettings): RuleCheck {
  const parsed = ruleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  const rule = parsed.data;
  const issues: FieldIssue[] = [];
  const c = rule.collection;
  const t = rule.trigger;
  if (t.type === "changed") {
    const field = findField(c, t.field, settings);
    if (!field || t.field === "id") issues.push(issue("trigger.field", "invalidChoice"));
    else
      for (const k of ["from", "to"] as const) {
        const v = t[k];
        if (v !== undefined && v !== "" && valueProblem(field, "is", v))
          issues.push(issue(`trigger.${k}`, "invalidChoice"));
      }
  } else if (t.type === "dateReached") {
    if (!isTemporal(findField(c, t.field, settings)?.kind)) issues.push(issue("trigger.field", "invalidChoice"));
  } else if (t.type === "schedule") {
    if (t.interval === "daily" && !t.at) issues.push(issue("trigger.at", "required"));
  } else if (t.type === "sla" && c !== "cases") {
    issues.push(issue("trigger.type", "invalidChoice"));
  }
  for (const [i, f] of rule.conditions.entries()) {
    const field = findField(c, f.field, settings);
    if (!field ? !unknownCustom(c, f.field, settings) : !field.filter)
      issues.push(issue(`conditions.${i}.field`, "invalidChoice"));
    else if (!operatorFits(field, f.op)) issues.push(issue(`conditions.${i}.op`, "invalidChoice"));
    else if (valueProblem(field, f.op, f.value, f.values)) issues.push(issue(`conditions.${i}.value`, "invalidChoice"));
  }
  for (const [i, a] of rule.actions.entries()) issues.push(...actionIssues(rule, a, `actions.${i}`, settings));
  return issues.length ? { ok: false, issues } : { ok: true, value: rule };
}

function actionIssues(rule: Rule, a: RuleAction, at: string, settings?: FieldSettings): FieldIssue[] {
  const c = rule.collection;
  switch (a.type) {
    case "setFields":
      return valuesIssues(c, c, a.values, `${at}.values`, settings, false);
    case "updateRelated": {
      const via = findField(c, a.via, settings);
      if (via?.kind !== "reference" || typeof via.ref !== "string") return [issue(`${at}.via`, "invalidChoice")];
      return valuesIssues(c, via.ref as CollectionName, a.values, `${at}.values`, settings, false);
    }
    case "createRecord":
      return valuesIssues(c, a.collection, a.values, `${at}.values`, settings, true);
    case "assign": {
      const key = a.field ?? responsibleFieldOf(c, settings);
      const field = key ? findField(c, key, settings) : undefined;
      return field?.kind === "person" ? [] : [issue(`${at}.field`, "invalidChoice")];
    }
    case "notify":
      return a.to.flatMap((r, j) =>
        r.kind === "field" && findField(c, r.field, settings)?.kind !== "person"
          ? [issue(`${at}.to.${j}.field`, "invalidChoice")]
          : [],
      );
    case "escalate":
      return c === "cases" ? [] : [issue(`${at}.type`, "invalidChoice")];
    case "webhook":
    case "wait":
      return [];
  }
}

/** The person a record is for: its `responsible` field (owner, a case's assignee). */
export function responsibleFieldOf(collection: CollectionName, settings?: FieldSettings): string | undefined {
  return fieldsOf(collection, settings).find((f) => f.responsible)?.key;
}

function valuesIssues(
  from: CollectionName,
  target: CollectionName,
  values: Record<string, ValueExpr>,
  at: string,
  settings: FieldSettings | undefined,
  creating: boolean,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const writable = writableFieldsOf(target, settings);
  for (const [key, expr] of Object.entries(values)) {
    const field = writable.find((f) => f.key === key);
    const path = `${at}.${key}`;
    if (!field) {
      issues.push(issue(path, "invalidChoice"));
      continue;
    }
    const problem = exprProblem(from, field, expr, settings);
    if (problem) issues.push(issue(path, problem));
  }
  if (creating)
    for (const f of writable)
      if (f.required && (f.default === "" || f.default === null) && !(f.key in values))
        issues.push(issue(`${at}.${f.key}`, "required"));
  if (!Object.keys(values).length && !creating) issues.push(issue(at, "required"));
  return issues;
}

function exprProblem(
  from: CollectionName,
  field: FieldDescriptor,
  expr: ValueExpr,
  settings: FieldSettings | undefined,
): IssueCode | null {
  switch (expr.kind) {
    case "field":
      return readable(from, expr.field, settings) ? null : "invalidChoice";
    case "now":
      return isTemporal(field.kind) ? null : "invalidChoice";
    case "stage":
      return field.picklist === STAGES_PICKLIST ? null : "invalidChoice";
    case "value": {
      const v = expr.value.trim();
      if (v === "") return field.required ? "required" : null;
      if (isNumeric(field.kind)) return Number.isFinite(Number(v)) ? null : "invalidNumber";
      if (field.kind === "boolean") return v === "true" || v === "false" ? null : "invalidBoolean";
      if (field.kind === "date") return dateValue(v) === null ? "invalidDate" : null;
      if (field.kind === "dateTime") return Number.isNaN(Date.parse(v)) ? "invalidDateTime" : null;
      if (field.kind === "picklist" && !field.open && field.values)
        return field.values.some((x) => x.value === v) ? null : "invalidChoice";
      return null;
    }
  }
}
