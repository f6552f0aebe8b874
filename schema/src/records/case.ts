import { caseCategoryValues } from "../descriptors/picklists.js";
import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import type { Aliases, Label } from "../descriptors/types.js";
import { type BaseRecord, defineRecordType, type StoredRecord } from "../record.js";
import { searchWords } from "./account.js";
import { commonAliases } from "./aliases.js";

// A Case is a customer's problem or request, worked under the SLA targets of the workspace (sla.ts).

export const caseStatuses = ["new", "open", "pending", "resolved", "closed"] as const;
export type CaseStatus = (typeof caseStatuses)[number];
/** In escalation order: sla.ts raises a case one step along this list. */
export const casePriorities = ["low", "normal", "high", "urgent"] as const;
export type CasePriority = (typeof casePriorities)[number];
export const channels = ["phone", "email", "chat", "web"] as const;
export type Channel = (typeof channels)[number];
/** How a customer reached us, with its labels (cases and survey responses). */
export const channelValues = labelled(channels, {
  phone: { en: "Phone", zh: "电话" },
  email: { en: "Email", zh: "邮件" },
  chat: { en: "Chat", zh: "在线聊天" },
  web: { en: "Web", zh: "网页" },
});
export { type CaseCategory, caseCategories } from "../descriptors/picklists.js";

export interface Case extends BaseRecord {
  subject: string;
  accountId: string;
  contactId: string;
  /** A value of the workspace's case category list (built-in: `caseCategories`); "" when none. */
  category: string;
  status: CaseStatus;
  priority: CasePriority;
  channel: Channel;
  /** The user id working the case; "" when unassigned. */
  assignee: string;
  openedAt: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  /** When the SLA escalation rule last acted on the case. */
  escalatedAt: number | null;
}

const time = (label: Label, aliases: Aliases) => field.dateTime(label, { readOnly: true, aliases });

export const caseFields = defineFields<Case>({
  subject: field.text(
    { en: "Subject", zh: "主题" },
    { required: true, maxLength: 300, defaultColumn: true, aliases: commonAliases.subject },
  ),
  accountId: field.reference({ en: "Account", zh: "客户" }, "accounts", {
    defaultColumn: true,
    aliases: commonAliases.accountId,
  }),
  contactId: field.reference({ en: "Contact", zh: "联系人" }, "contacts", { aliases: commonAliases.contactId }),
  category: field.listed({ en: "Category", zh: "类别" }, "caseCategory", caseCategoryValues, {
    aliases: { en: ["category", "case category", "type"], zh: ["类别", "分类", "工单类别"] },
  }),
  status: field.picklist(
    { en: "Status", zh: "状态" },
    labelled(caseStatuses, {
      new: { en: "New", zh: "新建" },
      open: { en: "Open", zh: "处理中" },
      pending: { en: "Pending", zh: "等待客户" },
      resolved: { en: "Resolved", zh: "已解决" },
      closed: { en: "Closed", zh: "已关闭" },
    }),
    { default: "new", defaultColumn: true, aliases: commonAliases.status },
  ),
  priority: field.picklist(
    { en: "Priority", zh: "优先级" },
    labelled(casePriorities, {
      low: { en: "Low", zh: "低" },
      normal: { en: "Normal", zh: "普通" },
      high: { en: "High", zh: "高" },
      urgent: { en: "Urgent", zh: "紧急" },
    }),
    { default: "normal", defaultColumn: true, aliases: commonAliases.priority },
  ),
  channel: field.picklist({ en: "Channel", zh: "渠道" }, channelValues, {
    default: "email",
    // Shown in the list: mail and chat open cases by themselves (issue 13).
    defaultColumn: true,
    aliases: commonAliases.channel,
  }),
  assignee: field.person(
    { en: "Assignee", zh: "负责人" },
    {
      responsible: true,
      defaultColumn: true,
      aliases: { en: ["assignee", "assigned to", "agent"], zh: ["处理人", "负责人"] },
    },
  ),
  openedAt: field.dateTimeOrNow(
    { en: "Opened", zh: "创建时间" },
    { aliases: { en: ["opened at", "opened", "created", "date opened"], zh: ["创建时间", "开始时间"] } },
  ),
  firstResponseAt: time(
    { en: "First response", zh: "首次响应" },
    { en: ["first response at", "first response"], zh: ["首次响应时间"] },
  ),
  resolvedAt: time({ en: "Resolved", zh: "解决时间" }, { en: ["resolved at", "resolved"], zh: ["解决时间"] }),
  closedAt: time({ en: "Closed", zh: "关闭时间" }, { en: ["closed at", "closed"], zh: ["关闭时间"] }),
  escalatedAt: time({ en: "Escalated", zh: "升级时间" }, { en: [], zh: [] }),
});

export const CaseType = defineRecordType<Case>({
  typeName: "case",
  collection: "cases",
  // ~25k cases in a big workspace: 16 documents of ~1,560 each (docs.ts).
  shards: 16,
  migrations: [
    {
      // Version 1 had no category; admins now keep a list of them (picklists.ts).
      id: "com.crm.case/AddCategory",
      to: 2,
      up: (rec) => ({ ...rec, category: typeof rec.category === "string" ? rec.category : "" }),
    },
  ],
  fields: caseFields,
  searchTerms: (c) => searchWords(c.subject),
  sortKey: (c) => c.subject.toLocaleLowerCase(),
  deriveChanges: caseStatusTimes,
});

/**
 * Status changes stamp their time when none was given: resolving sets `resolvedAt`, closing sets
 * `closedAt` (and `resolvedAt` if the case skipped "resolved"); reopening clears both, so the SLA
 * clock for resolution runs again.
 */
export function caseStatusTimes(changes: StoredRecord, before: StoredRecord | null, now: number): StoredRecord {
  const status = changes.status;
  if (status === undefined || status === before?.status) return {};
  const given = (field: string) => typeof changes[field] === "number" || typeof before?.[field] === "number";
  const out: StoredRecord = {};
  if (status === "resolved" || status === "closed") {
    if (!given("resolvedAt")) out.resolvedAt = now;
    if (status === "closed" && !given("closedAt")) out.closedAt = now;
  } else {
    if (before?.resolvedAt != null) out.resolvedAt = null;
    if (before?.closedAt != null) out.closedAt = null;
  }
  return out;
}

/** The built-in fields' validator (`CaseType.validate` adds the workspace's custom fields). */
export const caseInput = CaseType.input;
export type CaseInput = RecordInput<Case>;
