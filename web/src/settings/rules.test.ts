import { defaultSettings, validateSettings } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { rulesFromDrafts, usableRule } from "./rules.js";

describe("rulesFromDrafts / usableRule", () => {
  it("turns typed points into numbers and drops the value of rules that take none", () => {
    const rules = rulesFromDrafts([
      { key: "a", field: "email", operator: "isNotEmpty", value: "left over", points: "10" },
      { key: "b", field: "title", operator: "contains", value: "vp", points: "-5" },
    ]);
    expect(rules).toEqual([
      { field: "email", operator: "isNotEmpty", value: "", points: 10 },
      { field: "title", operator: "contains", value: "vp", points: -5 },
    ]);
    expect(validateSettings({ ...defaultSettings(), leadScoring: { rules } }).ok).toBe(true);
    expect(rules.every(usableRule)).toBe(true);
  });
  it("keeps a bad rule as the schema refuses it at its field, and the preview skips it", () => {
    const [bad, blank] = rulesFromDrafts([
      { key: "a", field: "title", operator: "greaterThan", value: "vp", points: "5" },
      { key: "b", field: "title", operator: "contains", value: "x", points: " " },
    ]);
    const issues = (rules: unknown[]) => {
      const result = validateSettings({ ...defaultSettings(), leadScoring: { rules } });
      return result.ok ? [] : result.issues.map((i) => `${i.field}:${i.code}`);
    };
    expect(issues([blank])).toEqual(["leadScoring.rules.0.points:invalidNumber"]);
    // The schema checks numbers in values only once every rule is well formed: one round at a time.
    expect(issues([blank, bad])).toEqual(["leadScoring.rules.0.points:invalidNumber"]);
    expect(issues([blank, bad].slice(1))).toEqual(["leadScoring.rules.0.value:invalidNumber"]);
    expect(usableRule(bad!)).toBe(false);
    expect(usableRule(blank!)).toBe(false);
  });
});
