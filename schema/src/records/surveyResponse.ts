import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { commonAliases } from "./aliases.js";
import { type Channel, channelValues } from "./case.js";

// A SurveyResponse is one customer's answer to a CSAT (1–5) or NPS (0–10) question.

export const surveyKinds = ["csat", "nps"] as const;
export type SurveyKind = (typeof surveyKinds)[number];
/**
 * Who entered the answer: the customer themselves (the CSAT mail's one-click links, an import or
 * the API — the default) or an agent noting what the customer said when closing a case
 * (web/src/service/SatisfactionDialog.tsx). The CSAT dashboards count only the customer's own.
 */
export const surveySources = ["customer", "agent"] as const;
export type SurveySource = (typeof surveySources)[number];
/** The scale of each survey kind, inclusive. */
export const surveyScales: Record<SurveyKind, { min: number; max: number }> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
};

export interface SurveyResponse extends BaseRecord {
  kind: SurveyKind;
  /** An integer on the kind's scale. */
  score: number;
  channel: Channel;
  accountId: string;
  /** The case the survey was about (CSAT after a case); "" for a relationship survey (NPS). */
  caseId: string;
  respondedAt: number;
  comment: string;
  source: SurveySource;
}

export const surveyResponseFields = defineFields<SurveyResponse>({
  kind: field.picklist(
    { en: "Survey", zh: "调查类型" },
    labelled(surveyKinds, {
      csat: { en: "CSAT", zh: "满意度 (CSAT)" },
      nps: { en: "NPS", zh: "净推荐值 (NPS)" },
    }),
    { default: "csat", aliases: { en: ["kind", "survey", "survey type", "type"], zh: ["问卷类型", "类型"] } },
  ),
  // The widest scale; refine checks the kind's own.
  score: field.number(
    { en: "Score", zh: "评分" },
    { required: true, integer: true, min: 0, max: 10, aliases: { en: ["score", "rating"], zh: ["评分", "分数"] } },
  ),
  channel: field.picklist({ en: "Channel", zh: "渠道" }, channelValues, {
    default: "email",
    aliases: commonAliases.channel,
  }),
  accountId: field.reference({ en: "Account", zh: "客户" }, "accounts", { aliases: commonAliases.accountId }),
  caseId: field.reference({ en: "Case (ID)", zh: "工单（ID）" }, "cases", {
    aliases: { en: ["case id", "case", "ticket"], zh: ["工单", "工单编号"] },
  }),
  respondedAt: field.dateTimeOrNow(
    { en: "Responded", zh: "回复时间" },
    { aliases: { en: ["responded at", "date", "response date"], zh: ["回复时间", "日期"] } },
  ),
  comment: field.longText(
    { en: "Comment", zh: "评论" },
    { aliases: { en: ["comment", "comments", "feedback"], zh: ["评论", "意见", "反馈"] } },
  ),
  source: field.picklist(
    { en: "Answered by", zh: "填写人" },
    labelled(surveySources, {
      customer: { en: "Customer", zh: "客户" },
      agent: { en: "Agent", zh: "客服" },
    }),
    { default: "customer", aliases: { en: ["source", "answered by"], zh: ["来源", "填写人"] } },
  ),
});

export const SurveyResponseType = defineRecordType<SurveyResponse>({
  typeName: "surveyResponse",
  collection: "surveyResponses",
  // ~30k responses in a big workspace: 16 documents of ~1,870 each (docs.ts).
  shards: 16,
  migrations: [],
  fields: surveyResponseFields,
  refine: (r, report) => {
    const { min, max } = surveyScales[r.kind];
    if (r.score < min || r.score > max) report("score", "outOfRange");
  },
  searchTerms: (r) => (r.comment ? [r.kind, ...r.comment.toLocaleLowerCase().split(/\s+/).slice(0, 20)] : [r.kind]),
  sortKey: (r) => String(r.respondedAt).padStart(15, "0"),
});

/** The built-in fields' validator (`SurveyResponseType.validate` adds the workspace's custom fields). */
export const surveyResponseInput = SurveyResponseType.input;
export type SurveyResponseInput = RecordInput<SurveyResponse>;
