import type { LeadScoringRule, ScoringOperator } from "@crm/schema";

// Lead-scoring rules as the settings form edits them (text as typed) and as the schema takes them.

export interface RuleDraft {
  key: string;
  field: string;
  operator: ScoringOperator;
  value: string;
  /** As typed; a number once saved. */
  points: string;
}

/** The rules as the schema takes them: points as numbers (NaN when not one, so it is refused there). */
export function rulesFromDrafts(drafts: readonly RuleDraft[]): LeadScoringRule[] {
  return drafts.map((d) => ({
    field: d.field,
    operator: d.operator,
    value: takesValue(d.operator) ? d.value : "",
    points: d.points.trim() === "" ? Number.NaN : Number(d.points),
  }));
}

export const takesValue = (op: ScoringOperator) => op !== "isEmpty" && op !== "isNotEmpty";

/** A rule the preview can apply: the ones saving would refuse count for nothing there. */
export function usableRule(r: LeadScoringRule): boolean {
  return (
    Number.isFinite(r.points) &&
    ((r.operator !== "greaterThan" && r.operator !== "lessThan") || Number.isFinite(Number(r.value)))
  );
}
