import { z } from "zod";
import { requiredText, text } from "../fields.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { dateOnly, money, optionalTime, percent, stageId } from "../scalars.js";
import { searchWords } from "./account.js";

// An Opportunity is a deal in the pipeline with an Account. Stages and their default
// probabilities are workspace settings (settings.ts); stage changes are planned in pipeline.ts.

export interface Opportunity extends BaseRecord {
  name: string;
  accountId: string;
  contactId: string;
  /** A pipeline stage id from the workspace settings ("prospecting" … "won", "lost"). */
  stage: string;
  amount: number;
  /** 0–100; defaults from the stage when not given. */
  probability: number;
  /** Expected close, "YYYY-MM-DD"; "" when unknown. */
  closeDate: string;
  owner: string;
  wonAt: number | null;
  lostAt: number | null;
}

/** Probabilities of the default pipeline, used when a record gives none (settings.ts holds the full stages). */
export const defaultStageProbabilities: Record<string, number> = {
  prospecting: 10,
  qualification: 25,
  proposal: 50,
  negotiation: 75,
  won: 100,
  lost: 0,
};

export const opportunityInput = z
  .object({
    name: requiredText(200),
    accountId: requiredText(40),
    contactId: text(40).default(""),
    stage: stageId("prospecting"),
    amount: money(),
    probability: percent(null),
    closeDate: dateOnly(),
    owner: text(100).default(""),
    wonAt: optionalTime(),
    lostAt: optionalTime(),
  })
  // A probability left empty follows the stage; a custom stage unknown here gets 0 until its
  // settings-aware planner (pipeline.ts) fills it in.
  .transform((o) => ({ ...o, probability: o.probability ?? defaultStageProbabilities[o.stage] ?? 0 }));
export type OpportunityInput = z.input<typeof opportunityInput>;

export const OpportunityType = defineRecordType<Opportunity, typeof opportunityInput>({
  typeName: "opportunity",
  collection: "opportunities",
  // ~15k opportunities in a big workspace: 8 documents of ~1,875 each (docs.ts).
  shards: 8,
  migrations: [],
  input: opportunityInput,
  defaults: () => ({
    name: "",
    accountId: "",
    contactId: "",
    stage: "prospecting",
    amount: 0,
    probability: 10,
    closeDate: "",
    owner: "",
    wonAt: null,
    lostAt: null,
  }),
  searchTerms: (o) => searchWords(o.name),
  sortKey: (o) => o.name.toLocaleLowerCase(),
});
