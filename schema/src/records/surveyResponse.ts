import { z } from "zod";
import { text } from "../fields.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { choice, requiredNumber, timeOrNow } from "../scalars.js";
import { type Channel, channels } from "./case.js";

// A SurveyResponse is one customer's answer to a CSAT (1–5) or NPS (0–10) question.

export const surveyKinds = ["csat", "nps"] as const;
export type SurveyKind = (typeof surveyKinds)[number];
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
}

export const surveyResponseInput = z
  .object({
    kind: choice(surveyKinds, "csat"),
    score: requiredNumber({ integer: true, min: 0, max: 10 }),
    channel: choice(channels, "email"),
    accountId: text(40).default(""),
    caseId: text(40).default(""),
    respondedAt: timeOrNow(),
    comment: text(2000).default(""),
  })
  .superRefine((r, ctx) => {
    const { min, max } = surveyScales[r.kind];
    if (r.score < min || r.score > max) ctx.addIssue({ code: "custom", path: ["score"], message: "outOfRange" });
  });
export type SurveyResponseInput = z.input<typeof surveyResponseInput>;

export const SurveyResponseType = defineRecordType<SurveyResponse, typeof surveyResponseInput>({
  typeName: "surveyResponse",
  collection: "surveyResponses",
  // ~30k responses in a big workspace: 16 documents of ~1,870 each (docs.ts).
  shards: 16,
  migrations: [],
  input: surveyResponseInput,
  defaults: () => ({
    kind: "csat",
    score: 0,
    channel: "email",
    accountId: "",
    caseId: "",
    respondedAt: 0,
    comment: "",
  }),
  searchTerms: (r) => (r.comment ? [r.kind, ...r.comment.toLocaleLowerCase().split(/\s+/).slice(0, 20)] : [r.kind]),
  sortKey: (r) => String(r.respondedAt).padStart(15, "0"),
});
