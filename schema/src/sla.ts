import { type Case, type CasePriority, casePriorities } from "./records/case.js";
import type { WorkspaceSettings } from "./settings.js";

/*
 * SLA: each priority has a first-response and a resolution target (settings). Both run in
 * calendar time from `openedAt` — no business hours or pauses while "pending": simple to explain
 * and identical on every device, which matters when each client computes the state itself.
 *
 * State of one target:
 *   met       done before the due time
 *   breached  done late, or not done and the due time has passed
 *   at-risk   not done and less than `atRiskPct` % of the target is left
 *   ok        otherwise
 */

export type SlaState = "ok" | "atRisk" | "breached" | "met";

export interface SlaClock {
  dueAt: number;
  state: SlaState;
  /** ms left until due (negative once overdue); null when done. */
  remainingMs: number | null;
}

export interface CaseSla {
  firstResponse: SlaClock;
  resolution: SlaClock;
  /** The worse of the two, for a list's badge: breached > atRisk > ok > met. */
  overall: SlaState;
}

const MINUTE = 60_000;
const rank: Record<SlaState, number> = { met: 0, ok: 1, atRisk: 2, breached: 3 };

type SlaCase = Pick<Case, "priority" | "openedAt" | "firstResponseAt" | "resolvedAt" | "closedAt">;

function clock(openedAt: number, targetMin: number, doneAt: number | null, now: number, atRiskPct: number): SlaClock {
  const targetMs = targetMin * MINUTE;
  const dueAt = openedAt + targetMs;
  if (doneAt !== null) return { dueAt, state: doneAt <= dueAt ? "met" : "breached", remainingMs: null };
  const remainingMs = dueAt - now;
  const state = remainingMs < 0 ? "breached" : remainingMs < (targetMs * atRiskPct) / 100 ? "atRisk" : "ok";
  return { dueAt, state, remainingMs };
}

export function caseSla(c: SlaCase, settings: Pick<WorkspaceSettings, "sla">, now: number): CaseSla {
  const target = settings.sla.targets[c.priority];
  const pct = settings.sla.atRiskPct;
  // Resolving (or closing without resolving first) stops the resolution clock; closing also
  // counts as a response for a case nobody answered.
  const resolved = c.resolvedAt ?? c.closedAt;
  const responded = c.firstResponseAt ?? resolved;
  const firstResponse = clock(c.openedAt, target.firstResponseMinutes, responded, now, pct);
  const resolution = clock(c.openedAt, target.resolutionMinutes, resolved, now, pct);
  const overall = rank[firstResponse.state] >= rank[resolution.state] ? firstResponse.state : resolution.state;
  return { firstResponse, resolution, overall };
}

export type EscalationChanges = Partial<Pick<Case, "priority" | "assignee" | "escalatedAt">>;

/**
 * What the escalation rule changes on a case now, or null when it does not apply. It acts once
 * per case (until `escalatedAt` is cleared): raising the priority shortens the targets, and a
 * rule that fired again on the new targets would walk every late case up to "urgent".
 * Raising an urgent case cannot go higher: it is reassigned if the rule names someone, else left.
 */
export function planEscalation(
  c: SlaCase & Pick<Case, "status" | "assignee" | "escalatedAt">,
  settings: Pick<WorkspaceSettings, "sla">,
  now: number,
): EscalationChanges | null {
  if (c.escalatedAt !== null || c.status === "resolved" || c.status === "closed") return null;
  const sla = caseSla(c, settings, now);
  const rule = settings.sla.escalation;
  const trigger = rule.when === "breached" ? ["breached"] : ["atRisk", "breached"];
  if (!trigger.includes(sla.firstResponse.state) && !trigger.includes(sla.resolution.state)) return null;
  if (rule.action === "raisePriority") {
    const next = casePriorities[casePriorities.indexOf(c.priority) + 1] as CasePriority | undefined;
    if (next) return { priority: next, escalatedAt: now };
  }
  if (rule.assignee && rule.assignee !== c.assignee) return { assignee: rule.assignee, escalatedAt: now };
  return null;
}
