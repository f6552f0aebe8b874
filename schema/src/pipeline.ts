import type { Opportunity } from "./records/opportunity.js";
import { stageById, type WorkspaceSettings } from "./settings.js";

/**
 * The fields to write when a deal moves to another stage: the stage's default probability
 * (unless the person set one in the same edit), and `wonAt`/`lostAt` stamped on entering a won
 * or lost stage and cleared on leaving it. Throws on a stage the settings do not have.
 */
export function planStageChange(
  opp: Pick<Opportunity, "stage" | "wonAt" | "lostAt">,
  stage: string,
  settings: Pick<WorkspaceSettings, "pipelineStages">,
  now: number,
  probability?: number,
): Partial<Opportunity> {
  const target = stageById(settings, stage);
  if (!target) {
    const known = settings.pipelineStages.map((s) => s.id).join(", ");
    throw new Error(`stage "${stage}" is not in the pipeline (${known})`);
  }
  if (stage === opp.stage) return probability === undefined ? {} : { probability };
  const out: Partial<Opportunity> = { stage, probability: probability ?? target.probability };
  if (target.kind === "won" && opp.wonAt === null) out.wonAt = now;
  if (target.kind !== "won" && opp.wonAt !== null) out.wonAt = null;
  if (target.kind === "lost" && opp.lostAt === null) out.lostAt = now;
  if (target.kind !== "lost" && opp.lostAt !== null) out.lostAt = null;
  return out;
}
