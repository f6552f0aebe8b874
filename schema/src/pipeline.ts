import type { StoredRecord } from "./record.js";
import type { Opportunity } from "./records/opportunity.js";
import type { PipelineStage, WorkspaceSettings } from "./settings.js";

// Types only from settings.ts: the deal type's deriveChanges calls this module, and settings.ts
// reaches recordTypes.ts — a value import would close that cycle (the deal type undefined in it).
const stageById = (settings: Pick<WorkspaceSettings, "pipelineStages">, id: string): PipelineStage | undefined =>
  settings.pipelineStages.find((s) => s.id === id);

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

const stamp = (v: unknown) => (typeof v === "number" ? v : null);

/**
 * The deal type's `deriveChanges`: a change that moves the stage gets what `planStageChange`
 * plans — the stage's probability unless the change sets one, won/lost stamped or cleared —
 * whoever writes it (a form, the board, a REST PATCH, a rule). A new deal moves from the default
 * stage, as the form's does. Nothing without the settings (the stages are the workspace's), for a
 * stage they do not have, or for fields the change already sets (a probability, a stamp).
 */
export function dealStageChanges(
  changes: StoredRecord,
  before: StoredRecord | null,
  now: number,
  settings: Pick<WorkspaceSettings, "pipelineStages"> | undefined,
  defaultStage: string,
): StoredRecord {
  if (!settings || typeof changes.stage !== "string" || !stageById(settings, changes.stage)) return {};
  const from = {
    stage: typeof before?.stage === "string" ? before.stage : defaultStage,
    wonAt: stamp(before?.wonAt),
    lostAt: stamp(before?.lostAt),
  };
  const probability = typeof changes.probability === "number" ? changes.probability : undefined;
  const planned: StoredRecord = planStageChange(from, changes.stage, settings, now, probability);
  // A stamp the change itself carries wins (null is none: a new record's values hold every field).
  return Object.fromEntries(Object.entries(planned).filter(([k]) => changes[k] === undefined || changes[k] === null));
}
