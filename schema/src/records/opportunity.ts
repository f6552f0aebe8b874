import { defaultStageValues, STAGES_PICKLIST } from "../descriptors/picklists.js";
import { defineFields, field, type RecordInput } from "../descriptors/spec.js";
import { dealStageChanges } from "../pipeline.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { searchWords } from "./account.js";
import { commonAliases } from "./aliases.js";

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

export const opportunityFields = defineFields<Opportunity>({
  name: field.text(
    { en: "Name", zh: "名称" },
    {
      required: true,
      defaultColumn: true,
      aliases: {
        en: ["name", "opportunity", "opportunity name", "deal", "deal name"],
        zh: ["商机", "商机名称", "名称"],
      },
    },
  ),
  accountId: field.reference({ en: "Account", zh: "客户" }, "accounts", {
    required: true,
    defaultColumn: true,
    aliases: commonAliases.accountId,
  }),
  contactId: field.reference({ en: "Contact", zh: "联系人" }, "contacts", { aliases: commonAliases.contactId }),
  stage: field.listed({ en: "Stage", zh: "阶段" }, STAGES_PICKLIST, defaultStageValues, {
    default: "prospecting",
    defaultColumn: true,
    aliases: { en: ["stage", "sales stage", "deal stage"], zh: ["阶段", "销售阶段"] },
  }),
  amount: field.money({ en: "Amount", zh: "金额" }, { defaultColumn: true, aliases: commonAliases.amount }),
  probability: field.percent(
    { en: "Probability (%)", zh: "赢率 (%)" },
    {
      // Empty follows the stage (refine below); a new deal starts in prospecting at 10.
      default: 10,
      emptyIsNull: true,
      defaultColumn: true,
      aliases: { en: ["probability", "probability (%)", "win probability"], zh: ["概率", "赢单率", "成交概率"] },
    },
  ),
  closeDate: field.date(
    { en: "Expected close date", zh: "预计成交日期" },
    {
      defaultColumn: true,
      aliases: {
        en: ["close date", "expected close", "expected close date"],
        zh: ["预计成交日期", "成交日期", "结束日期"],
      },
    },
  ),
  owner: field.person(
    { en: "Owner", zh: "负责人" },
    { responsible: true, defaultColumn: true, aliases: commonAliases.owner },
  ),
  wonAt: field.dateTime({ en: "Won", zh: "赢单时间" }, { readOnly: true }),
  lostAt: field.dateTime({ en: "Lost", zh: "丢单时间" }, { readOnly: true }),
});

export const OpportunityType = defineRecordType<Opportunity>({
  typeName: "opportunity",
  collection: "opportunities",
  // ~15k opportunities in a big workspace: 8 documents of ~1,875 each (docs.ts).
  shards: 8,
  migrations: [],
  fields: opportunityFields,
  // A probability left empty follows the stage; a custom stage unknown here gets 0 until its
  // settings-aware planner (pipeline.ts) fills it in.
  refine: (o) => ({
    ...o,
    probability: (o.probability as number | null) ?? defaultStageProbabilities[o.stage] ?? 0,
  }),
  searchTerms: (o) => searchWords(o.name),
  sortKey: (o) => o.name.toLocaleLowerCase(),
  deriveChanges: (changes, before, now, settings) => dealStageChanges(changes, before, now, settings, "prospecting"),
});

/** The built-in fields' validator (`OpportunityType.validate` adds the workspace's custom fields). */
export const opportunityInput = OpportunityType.input;
export type OpportunityInput = RecordInput<Opportunity>;
