import { type Opportunity, planStageChange, type WorkspaceSettings } from "@crm/schema";
import type { LocalStore } from "../local/store.js";

/**
 * Moves a deal to another stage: writes only the fields the move changes (stage, probability,
 * won/lost stamps). Two people moving the same deal at once each write those fields of the same
 * record map, and Yjs settles every field on the same winner on every device.
 */
export async function moveToStage(
  store: LocalStore,
  opp: Pick<Opportunity, "id" | "stage" | "wonAt" | "lostAt">,
  stage: string,
  settings: Pick<WorkspaceSettings, "pipelineStages">,
): Promise<void> {
  const changes = planStageChange(opp, stage, settings, Date.now());
  if (Object.keys(changes).length) await store.write("opportunities", opp.id, changes);
}

/**
 * The won/lost stamps a deal's stage calls for, when they disagree. Two people moving one deal at
 * once, to Won and to Lost, merge into one stage — but each wrote its own stamp, so the merged
 * deal holds both. The stage is what everyone sees; the stamps follow it. Empty when consistent
 * or when the stage is not in the settings (nothing is known about it).
 */
export function stampRepair(
  opp: Pick<Opportunity, "stage" | "wonAt" | "lostAt">,
  settings: Pick<WorkspaceSettings, "pipelineStages">,
): Partial<Pick<Opportunity, "wonAt" | "lostAt">> {
  const kind = settings.pipelineStages.find((s) => s.id === opp.stage)?.kind;
  if (!kind) return {};
  const out: Partial<Pick<Opportunity, "wonAt" | "lostAt">> = {};
  if (kind !== "won" && opp.wonAt !== null) out.wonAt = null;
  if (kind !== "lost" && opp.lostAt !== null) out.lostAt = null;
  return out;
}
