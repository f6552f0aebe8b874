import type * as Y from "yjs";
import type { FieldSettings } from "../descriptors/effective.js";
import { allIssueMessages, type FieldIssue, toIssues } from "../fields.js";
import { builtInRule, builtInRules, isBuiltInRuleId } from "./builtIns.js";
import { type Rule, ruleSchema } from "./model.js";
import { validateRule } from "./validate.js";

/*
 * Rules in the workspace settings document (docs.ts `settingsDocName`), one entry per rule in the
 * root map `rules` (id → the rule as JSON), like custom fields (settingsFields.ts): two admins
 * editing different rules both keep theirs; two editing the same rule end with one of the two
 * versions whole. Only admins write the settings document (access.ts), so only admins edit rules.
 * A built-in rule not stored reads as its default; resetting it deletes its entry.
 */

export const RULES_MAP = "rules";

export function rulesMapOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(RULES_MAP);
}

/**
 * Every rule: the built-ins first (stored version or default), then the others by name. An entry
 * that no longer validates (written by a newer version, or by hand) is left out — a built-in falls
 * back to its default — and reported, so nothing runs a rule it cannot read.
 */
export function readRules(doc: Y.Doc): { rules: Rule[]; replaced: FieldIssue[] } {
  const map = rulesMapOf(doc);
  const replaced: FieldIssue[] = [];
  const read = (id: string): Rule | undefined => {
    if (!map.has(id)) return undefined;
    const parsed = ruleSchema.safeParse(map.get(id));
    if (parsed.success && parsed.data.id === id) return parsed.data;
    const issues = parsed.success
      ? [{ field: "id", code: "invalidChoice" as const, message: allIssueMessages.invalidChoice }]
      : toIssues(parsed.error);
    for (const i of issues) replaced.push({ ...i, field: `rules.${id}${i.field ? `.${i.field}` : ""}` });
    return undefined;
  };
  const builtIns = builtInRules().map((d) => ({ ...(read(d.id) ?? d), builtIn: true }));
  const others: Rule[] = [];
  for (const id of map.keys()) {
    if (isBuiltInRuleId(id)) continue;
    const r = read(id);
    if (r) others.push({ ...r, builtIn: false });
  }
  others.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { rules: [...builtIns, ...others], replaced };
}

/** Validates a rule with the workspace's fields and stores it (a new one, or over the one with its id). */
export function writeRule(
  doc: Y.Doc,
  input: unknown,
  settings?: FieldSettings,
): { ok: true; value: Rule } | { ok: false; issues: FieldIssue[] } {
  const checked = validateRule(input, settings);
  if (!checked.ok) return checked;
  const value: Rule = { ...checked.value, builtIn: isBuiltInRuleId(checked.value.id) };
  rulesMapOf(doc).set(value.id, value);
  return { ok: true, value };
}

/** Deletes a rule of the workspace's own; a built-in one is refused (disable or reset it). */
export function deleteRule(doc: Y.Doc, id: string): boolean {
  if (isBuiltInRuleId(id)) return false;
  const map = rulesMapOf(doc);
  if (!map.has(id)) return false;
  map.delete(id);
  return true;
}

/** A built-in rule back to how it shipped. */
export function resetRule(doc: Y.Doc, id: string): Rule | undefined {
  const d = builtInRule(id);
  if (!d) return undefined;
  rulesMapOf(doc).delete(id);
  return d;
}
