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
