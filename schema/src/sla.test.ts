import { describe, expect, it } from "vitest";
import type { Case } from "./records/case.js";
import { defaultSettings } from "./settings.js";
import { caseSla, planEscalation } from "./sla.js";

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 2, 9);
const settings = defaultSettings(); // high: first response 120 min, resolution 24 h; at risk < 20 %

function kase(fields: Partial<Case> = {}): Case {
  return {
    id: "k1",
    subject: "Down",
    accountId: "",
    contactId: "",
    category: "",
    status: "open",
    priority: "high",
    channel: "email",
    assignee: "u1",
    openedAt: T0,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    escalatedAt: null,
    createdAt: T0,
    createdBy: "u",
    updatedAt: T0,
    updatedBy: "u",
    ...fields,
  };
}

describe("SLA clocks", () => {
  it("computes due times from the priority's targets", () => {
    const s = caseSla(kase(), settings, T0);
    expect(s.firstResponse.dueAt).toBe(T0 + 120 * MIN);
    expect(s.resolution.dueAt).toBe(T0 + 24 * 60 * MIN);
    expect(s.overall).toBe("ok");
  });

  it("is at risk with less than 20 % of the target left, breached once past due", () => {
    expect(caseSla(kase(), settings, T0 + 95 * MIN).firstResponse.state).toBe("ok"); // 25 min = 20.8 % left
    expect(caseSla(kase(), settings, T0 + 97 * MIN).firstResponse.state).toBe("atRisk"); // 23 min left
    const late = caseSla(kase(), settings, T0 + 121 * MIN);
    expect(late.firstResponse).toMatchObject({ state: "breached", remainingMs: -MIN });
    expect(late.overall).toBe("breached");
  });

  it("stops a clock when its target is met, and remembers a late one", () => {
    const answered = kase({ firstResponseAt: T0 + 30 * MIN });
    expect(caseSla(answered, settings, T0 + 10 * 60 * MIN).firstResponse).toMatchObject({
      state: "met",
      remainingMs: null,
    });
    const lateAnswer = kase({ firstResponseAt: T0 + 200 * MIN, resolvedAt: T0 + 300 * MIN });
    const s = caseSla(lateAnswer, settings, T0 + 1000 * 60 * MIN);
    expect([s.firstResponse.state, s.resolution.state, s.overall]).toEqual(["breached", "met", "breached"]);
    // Closing an unanswered case stops both clocks.
    expect(caseSla(kase({ closedAt: T0 + 60 * MIN }), settings, T0 + 9e9).overall).toBe("met");
  });
});

describe("escalation rule", () => {
  it("raises the priority one step when a target is at risk, once", () => {
    const now = T0 + 100 * MIN;
    expect(planEscalation(kase(), settings, now)).toEqual({ priority: "urgent", escalatedAt: now });
    expect(planEscalation(kase({ escalatedAt: now }), settings, now + MIN)).toBeNull();
    expect(planEscalation(kase(), settings, T0 + 10 * MIN)).toBeNull();
    expect(planEscalation(kase({ status: "resolved" }), settings, now)).toBeNull();
  });

  it("reassigns when configured to, or when an urgent case cannot go higher", () => {
    const reassign = defaultSettings();
    reassign.sla.escalation = { when: "breached", action: "reassign", assignee: "lead-agent" };
    expect(planEscalation(kase(), reassign, T0 + 100 * MIN)).toBeNull(); // only at risk yet
    expect(planEscalation(kase(), reassign, T0 + 130 * MIN)).toEqual({
      assignee: "lead-agent",
      escalatedAt: T0 + 130 * MIN,
    });
    const urgent = kase({ priority: "urgent" });
    const fallback = defaultSettings();
    fallback.sla.escalation = { when: "atRisk", action: "raisePriority", assignee: "lead-agent" };
    expect(planEscalation(urgent, fallback, T0 + 29 * MIN)).toEqual({
      assignee: "lead-agent",
      escalatedAt: T0 + 29 * MIN,
    });
    expect(planEscalation(urgent, settings, T0 + 29 * MIN)).toBeNull();
  });
});
