import { caseSla, type planEscalation, type WorkspaceSettings } from "@crm/schema";

type EscalatedCase = Parameters<typeof planEscalation>[0];

/**
 * The first moment after `now` at which the escalation rule could act on this case, or null when
 * it never will by the passing of time alone (done, already escalated, or no clock left to cross).
 * Lets the app sleep until the next case is due instead of re-checking every open case each
 * second. Mirrors sla.ts: at risk once less than `atRiskPct` % of a target is left, breached once
 * past due (both strictly), so the moment is the threshold + 1 ms.
 */
export function nextEscalationCheck(
  c: EscalatedCase,
  settings: Pick<WorkspaceSettings, "sla">,
  now: number,
): number | null {
  if (c.escalatedAt !== null || c.status === "resolved" || c.status === "closed") return null;
  const sla = caseSla(c, settings, now);
  const target = settings.sla.targets[c.priority];
  const atRisk = settings.sla.escalation.when === "atRisk";
  let next: number | null = null;
  for (const [clock, minutes] of [
    [sla.firstResponse, target.firstResponseMinutes],
    [sla.resolution, target.resolutionMinutes],
  ] as const) {
    if (clock.remainingMs === null) continue;
    const at = atRisk ? clock.dueAt - (minutes * 60_000 * settings.sla.atRiskPct) / 100 : clock.dueAt;
    const moment = Math.floor(at) + 1;
    if (moment > now && (next === null || moment < next)) next = moment;
  }
  return next;
}
