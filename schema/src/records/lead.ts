import { leadSourceValues } from "../descriptors/picklists.js";
import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { searchWords, withPhone } from "./account.js";
import { commonAliases } from "./aliases.js";

// A Lead is a person who showed interest and is not yet qualified; converting one creates an
// Account, a Contact and an Opportunity (leadConversion.ts).

export { type LeadSource, leadSources } from "../descriptors/picklists.js";
export const leadStatuses = ["new", "working", "qualified", "disqualified"] as const;
export type LeadStatus = (typeof leadStatuses)[number];

export interface Lead extends BaseRecord {
  firstName: string;
  lastName: string;
  company: string;
  title: string;
  email: string;
  phone: string;
  /** A value of the workspace's lead source list (built-in: `leadSources`). */
  source: string;
  status: LeadStatus;
  /** Computed by the workspace's scoring rules (leadScore.ts); stored so lists can sort by it. */
  score: number;
  owner: string;
  convertedAt: number | null;
  /** What the conversion created; "" when none. */
  convertedAccountId: string;
  convertedContactId: string;
  convertedOpportunityId: string;
}

const converted = { readOnly: true, filter: false, list: false } as const;

export const leadFields = defineFields<Lead>({
  firstName: field.text(
    { en: "First name", zh: "名" },
    { maxLength: 100, defaultColumn: true, aliases: commonAliases.firstName },
  ),
  lastName: field.text(
    { en: "Last name", zh: "姓" },
    { required: true, maxLength: 100, defaultColumn: true, aliases: commonAliases.lastName },
  ),
  company: field.text(
    { en: "Company", zh: "公司" },
    {
      group: true,
      defaultColumn: true,
      aliases: {
        en: ["company", "company name", "organisation", "organization"],
        zh: ["公司", "公司名称", "单位"],
      },
    },
  ),
  title: field.text({ en: "Job title", zh: "职位" }, { maxLength: 100, aliases: commonAliases.title }),
  email: field.email({ en: "Email", zh: "邮箱" }, { defaultColumn: true, aliases: commonAliases.email }),
  phone: field.phone({ en: "Phone", zh: "电话" }, { aliases: commonAliases.phone }),
  source: field.listed({ en: "Source", zh: "来源" }, "leadSource", leadSourceValues, {
    default: "other",
    aliases: { en: ["source", "lead source"], zh: ["来源", "线索来源"] },
  }),
  status: field.picklist(
    { en: "Status", zh: "状态" },
    labelled(leadStatuses, {
      new: { en: "New", zh: "新建" },
      working: { en: "Working", zh: "跟进中" },
      qualified: { en: "Qualified", zh: "已确认" },
      disqualified: { en: "Disqualified", zh: "已排除" },
    }),
    { default: "new", defaultColumn: true, aliases: commonAliases.status },
  ),
  score: field.number(
    { en: "Score", zh: "评分" },
    {
      readOnly: true,
      defaultColumn: true,
      help: {
        en: "Computed from the workspace's lead scoring rules.",
        zh: "按工作区的线索评分规则计算。",
      },
    },
  ),
  owner: field.person(
    { en: "Owner", zh: "负责人" },
    { responsible: true, defaultColumn: true, aliases: commonAliases.owner },
  ),
  convertedAt: field.dateTime({ en: "Converted", zh: "转化时间" }, { readOnly: true }),
  convertedAccountId: field.reference({ en: "Converted to account", zh: "转化为客户" }, "accounts", converted),
  convertedContactId: field.reference({ en: "Converted to contact", zh: "转化为联系人" }, "contacts", converted),
  convertedOpportunityId: field.reference(
    { en: "Converted to opportunity", zh: "转化为商机" },
    "opportunities",
    converted,
  ),
});

export const LeadType = defineRecordType<Lead>({
  typeName: "lead",
  collection: "leads",
  // ~10k leads in a big workspace: 8 documents of ~1,250 each (docs.ts).
  shards: 8,
  migrations: [],
  fields: leadFields,
  searchTerms: (l) => withPhone(searchWords(l.firstName, l.lastName, l.company, l.email), l.phone),
  sortKey: (l) => `${l.lastName} ${l.firstName}`.toLocaleLowerCase(),
});

/** The built-in fields' validator (`LeadType.validate` adds the workspace's custom fields). */
export const leadInput = LeadType.input;
export type LeadInput = RecordInput<Lead>;
