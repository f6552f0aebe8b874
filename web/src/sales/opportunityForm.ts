import { OpportunityType, planStageChange, type StoredRecord, stageById } from "@crm/schema";
import type { FormSlots } from "../fields/RecordFormPage.js";

const stamp = (v: unknown) => (typeof v === "number" ? v : null);

/**
 * The deal form's coupling of stage and probability: choosing a stage fills in its probability
 * (still editable); saving a new stage stamps or clears the won/lost times as pipeline.ts plans.
 */
export const opportunitySlots: FormSlots = {
  follow(key, value, _values, settings) {
    if (key !== "stage") return {};
    const target = stageById(settings, String(value));
    return target ? { probability: String(target.probability) } : {};
  },
  complete(input, { settings, existing }) {
    const from = String(existing?.stage ?? OpportunityType.defaults().stage);
    const stage = String(input.stage ?? from);
    if (!stageById(settings, stage) || stage === from) return input;
    const typed = input.probability === "" || input.probability == null ? Number.NaN : Number(input.probability);
    const before = { stage: from, wonAt: stamp(existing?.wonAt), lostAt: stamp(existing?.lostAt) };
    const planned = planStageChange(before, stage, settings, Date.now(), Number.isFinite(typed) ? typed : undefined);
    return { ...input, ...planned } as StoredRecord;
  },
};
