import { type Case, defaultSettings, planEscalation, type WorkspaceSettings } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { nextEscalationCheck } from "./escalation.js";

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

function openCase(changes: Partial<Case> = {}) {
  return {
    priority: "normal" as const,
    status: "open" as const,
    openedAt: T0,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    escalatedAt: null,
    assignee: "",
    ...changes,
  };
}

function settingsWith(
  sla: Partial<WorkspaceSettings["sla"]>,
  escalation?: Partial<WorkspaceSettings["sla"]["escalation"]>,
) {
  const s = defaultSettings();
  s.sla = { ...s.sla, ...sla, escalation: { ...s.sla.escalation, ...escalation } };
  s.sla.targets.normal = { firstResponseMinutes: 10, resolutionMinutes: 60 };
  return s;
}

describe("nextEscalationCheck", () => {
  it("is the first moment planEscalation acts (breached rule), not a millisecond earlier", () => {
    const settings = settingsWith({}, { when: "breached" });
    const c = openCase();
    const at = nextEscalationCheck(c, settings, T0);
    expect(at).toBe(T0 + 10 * MIN + 1);
    expect(planEscalation(c, settings, at! - 1)).toBeNull();
    expect(planEscalation(c, settings, at!)).toMatchObject({ priority: "high" });
  });
  it("is the start of 'due soon' for the at-risk rule (20 % of 10 minutes left: after 8 minutes)", () => {
    const settings = settingsWith({ atRiskPct: 20 }, { when: "atRisk" });
    const c = openCase();
    const at = nextEscalationCheck(c, settings, T0);
    expect(at).toBe(T0 + 8 * MIN + 1);
    expect(planEscalation(c, settings, at! - 1)).toBeNull();
    expect(planEscalation(c, settings, at!)).not.toBeNull();
  });
  it("moves on to the resolution clock once the first response is in", () => {
    const settings = settingsWith({}, { when: "breached" });
    const c = openCase({ firstResponseAt: T0 + MIN });
    expect(nextEscalationCheck(c, settings, T0 + 20 * MIN)).toBe(T0 + 60 * MIN + 1);
  });
  it("is null for escalated, resolved and closed cases, and once every trigger has passed", () => {
    const settings = settingsWith({}, { when: "breached" });
    expect(nextEscalationCheck(openCase({ escalatedAt: T0 }), settings, T0)).toBeNull();
    expect(nextEscalationCheck(openCase({ status: "resolved" }), settings, T0)).toBeNull();
    expect(nextEscalationCheck(openCase({ status: "closed" }), settings, T0)).toBeNull();
    expect(nextEscalationCheck(openCase(), settings, T0 + 2 * 60 * MIN)).toBeNull();
  });
});
