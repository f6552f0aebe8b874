import { allIssueMessages, type FieldIssue } from "../fields.js";
import { labelled } from "./spec.js";
import type { Label, Lang, PicklistValue } from "./types.js";

/*
 * Picklists admins edit in Settings: built-in lists (their values below are the defaults a new
 * workspace starts with) and the lists of custom picklist fields. The workspace settings hold
 * each list's values (settings.ts stores one entry per value, so two admins adding values to
 * one list concurrently both keep theirs). A value is never silently lost: removing a value
 * that records use retires it (kept, still valid, still labelled, no longer offered); only a value
 * nobody uses is deleted. Built-in values are only ever retired.
 */

/** Suggestions for an account's industry (and what the demo data uses). Any other text is kept. */
export const commonIndustries = [
  "Software",
  "Manufacturing",
  "Retail",
  "Healthcare",
  "Finance",
  "Logistics",
  "Energy",
  "Education",
  "Media",
  "Hospitality",
] as const;

export const industryValues = labelled(commonIndustries, {
  Software: { en: "Software", zh: "软件" },
  Manufacturing: { en: "Manufacturing", zh: "制造业" },
  Retail: { en: "Retail", zh: "零售" },
  Healthcare: { en: "Healthcare", zh: "医疗健康" },
  Finance: { en: "Finance", zh: "金融" },
  Logistics: { en: "Logistics", zh: "物流" },
  Energy: { en: "Energy", zh: "能源" },
  Education: { en: "Education", zh: "教育" },
  Media: { en: "Media", zh: "传媒" },
  Hospitality: { en: "Hospitality", zh: "酒店餐饮" },
});

export const leadSources = ["web", "referral", "event", "outbound", "partner", "other"] as const;
export type LeadSource = (typeof leadSources)[number];

export const leadSourceValues = labelled(leadSources, {
  web: { en: "Web", zh: "网站" },
  referral: { en: "Referral", zh: "推荐" },
  event: { en: "Event", zh: "活动" },
  outbound: { en: "Outbound", zh: "外呼" },
  partner: { en: "Partner", zh: "合作伙伴" },
  other: { en: "Other", zh: "其他" },
});

export const caseCategories = [
  "question",
  "problem",
  "billing",
  "delivery",
  "featureRequest",
  "complaint",
  "other",
] as const;
export type CaseCategory = (typeof caseCategories)[number];

export const caseCategoryValues = labelled(caseCategories, {
  question: { en: "Question", zh: "咨询" },
  problem: { en: "Problem", zh: "故障" },
  billing: { en: "Billing", zh: "账单" },
  delivery: { en: "Delivery", zh: "配送" },
  featureRequest: { en: "Feature request", zh: "功能建议" },
  complaint: { en: "Complaint", zh: "投诉" },
  other: { en: "Other", zh: "其他" },
});

/** What marketing mail is about; contacts choose theirs on the preference page (admins edit the list). */
export const emailTopicValues = labelled(["newsletter", "productUpdates", "events"] as const, {
  newsletter: { en: "Newsletter", zh: "新闻简报" },
  productUpdates: { en: "Product updates", zh: "产品更新" },
  events: { en: "Events", zh: "活动邀请" },
});

/** The default pipeline's stage names (the pipeline settings hold the stages; see `stageValues`). */
export const defaultStageLabels: Record<string, Label> = {
  prospecting: { en: "Prospecting", zh: "初步接触" },
  qualification: { en: "Qualification", zh: "需求确认" },
  proposal: { en: "Proposal", zh: "方案报价" },
  negotiation: { en: "Negotiation", zh: "商务谈判" },
  won: { en: "Won", zh: "赢单" },
  lost: { en: "Lost", zh: "输单" },
};

/** The default pipeline as picklist values (the stage field's values without settings). */
export const defaultStageValues: PicklistValue[] = Object.entries(defaultStageLabels).map(([value, label]) => ({
  value,
  label,
}));

export interface BuiltInPicklist {
  label: Label;
  values: readonly PicklistValue[];
}

/** The lists built-in fields use, by id (the id a descriptor's `picklist` names). */
export const builtInPicklists: Record<string, BuiltInPicklist> = {
  industry: { label: { en: "Industry", zh: "行业" }, values: industryValues },
  leadSource: { label: { en: "Lead source", zh: "线索来源" }, values: leadSourceValues },
  caseCategory: { label: { en: "Case category", zh: "工单类别" }, values: caseCategoryValues },
  emailTopics: { label: { en: "Email topics", zh: "邮件主题" }, values: emailTopicValues },
};

/** The id of the list an opportunity's stage draws from: the pipeline settings, not `picklists`. */
export const STAGES_PICKLIST = "pipelineStages";

/**
 * A stage list as picklist values: a default stage still named as shipped gets its names in both
 * languages; a stage an admin added or renamed is called what they wrote, in both.
 */
export function stageValues(stages: readonly { id: string; label: string }[]): PicklistValue[] {
  return stages.map((s) => {
    const shipped = defaultStageLabels[s.id];
    return { value: s.id, label: shipped && shipped.en === s.label ? shipped : { en: s.label, zh: s.label } };
  });
}

/**
 * The values a form offers for a picklist field: the live ones, and `current` (the record's
 * value) even when retired or not listed (an open list's typed text), so editing never drops it.
 */
export function offeredValues(
  field: { values?: readonly PicklistValue[] },
  current?: string | readonly string[],
): PicklistValue[] {
  const values = field.values ?? [];
  const keep = new Set(typeof current === "string" ? [current] : (current ?? []));
  const out = values.filter((v) => !v.retired || keep.has(v.value));
  for (const c of keep)
    if (c !== "" && !values.some((v) => v.value === c)) out.push({ value: c, label: { en: c, zh: c } });
  return out;
}

/** A stored value as a person reads it: its label in `lang`, else the value as stored. */
export function valueLabel(field: { values?: readonly PicklistValue[] }, value: string, lang: Lang): string {
  return field.values?.find((v) => v.value === value)?.label[lang] ?? value;
}

/** Usage of a list's values, as a caller that can count records knows it. */
export type ValueUse = ReadonlySet<string> | ((value: string) => boolean);

const isUsed = (used: ValueUse, value: string) => (typeof used === "function" ? used(value) : used.has(value));

/**
 * What an edit of a list does to values it leaves out, before it is saved: each value records
 * still use is reported with the code "inUse" (it will be retired, not deleted), so the admin
 * sees it and nothing vanishes silently. `field` is the value.
 */
export function picklistChangeIssues(
  before: readonly PicklistValue[],
  after: readonly PicklistValue[],
  used: ValueUse,
): FieldIssue[] {
  const kept = new Set(after.map((v) => v.value));
  return before
    .filter((v) => !kept.has(v.value) && isUsed(used, v.value))
    .map((v) => ({ field: v.value, code: "inUse", message: allIssueMessages.inUse }));
}

/**
 * The list after an edit, as settings store it: values left out are appended again, retired,
 * unless `used` says nobody uses them and they are not built-in (then they are gone).
 */
export function applyPicklistEdit(
  before: readonly PicklistValue[],
  after: readonly PicklistValue[],
  used: ValueUse,
  builtIn: readonly PicklistValue[] = [],
): PicklistValue[] {
  const kept = new Set(after.map((v) => v.value));
  const shipped = new Set(builtIn.map((v) => v.value));
  const out = [...after];
  for (const v of before)
    if (!kept.has(v.value) && (shipped.has(v.value) || isUsed(used, v.value))) out.push({ ...v, retired: true });
  return out;
}

/** A label with both languages: an empty one takes the other's text. */
export function fullLabel(label: Label): Label {
  const en = label.en.trim();
  const zh = label.zh.trim();
  return { en: en || zh, zh: zh || en };
}

/**
 * A stored value for a new entry of a list, from its label: camelCase of the English words
 * ("Trade show" → "tradeShow"), else "value"; numbered when taken. Values are what records store,
 * so they never change after; labels can.
 */
export function newPicklistValue(label: Label, list: readonly PicklistValue[]): string {
  const base = camelWords(label.en) || "value";
  const taken = new Set(list.map((v) => v.value.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  let n = 2;
  while (taken.has(`${base}${n}`.toLowerCase())) n++;
  return `${base}${n}`;
}

/** "Contract tier 2" → "contractTier2"; "" when the text has no ASCII letters or digits. */
export function camelWords(text: string, max = 40): string {
  const words = text
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const joined = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join("");
  return /^[0-9]/.test(joined) ? "" : joined.slice(0, max);
}
