import type { Lead } from "./records/lead.js";
import type { LeadScoringRule, WorkspaceSettings } from "./settings.js";

/*
 * Lead score: the sum of the points of every rule that matches. Rules are data in the workspace
 * settings (field / operator / value → points), so a sales manager tunes them without a release.
 * Text comparisons ignore case and surrounding spaces: "CEO" in a title matches the value "ceo".
 */

export interface RuleHit {
  rule: LeadScoringRule;
  points: number;
}

function fieldText(lead: Partial<Lead>, field: string): string {
  const v = (lead as Record<string, unknown>)[field];
  return v === undefined || v === null ? "" : String(v).trim().toLowerCase();
}

export function ruleMatches(rule: LeadScoringRule, lead: Partial<Lead>): boolean {
  const actual = fieldText(lead, rule.field);
  const value = rule.value.trim().toLowerCase();
  switch (rule.operator) {
    case "equals":
      return actual === value;
    case "notEquals":
      return actual !== value;
    case "contains":
      return value !== "" && actual.includes(value);
    case "endsWith":
      return value !== "" && actual.endsWith(value);
    case "in":
      return value
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean)
        .includes(actual);
    case "isEmpty":
      return actual === "";
    case "isNotEmpty":
      return actual !== "";
    case "greaterThan":
    case "lessThan": {
      // An empty or non-numeric field matches neither: a missing value is not "less than 10".
      if (actual === "" || !Number.isFinite(Number(actual))) return false;
      const diff = Number(actual) - Number(value);
      return rule.operator === "greaterThan" ? diff > 0 : diff < 0;
    }
  }
}

/** The score and the rules that made it (for "why this score?" in the UI). */
export function scoreLead(lead: Partial<Lead>, rules: readonly LeadScoringRule[]): { score: number; hits: RuleHit[] } {
  const hits: RuleHit[] = [];
  for (const rule of rules) if (ruleMatches(rule, lead)) hits.push({ rule, points: rule.points });
  return { score: hits.reduce((s, h) => s + h.points, 0), hits };
}

/** The fields to write when a lead changed: its new score, or nothing when the score is the same. */
export function leadScoreChanges(lead: Partial<Lead>, settings: Pick<WorkspaceSettings, "leadScoring">) {
  const { score } = scoreLead(lead, settings.leadScoring.rules);
  return score === lead.score ? {} : { score };
}
