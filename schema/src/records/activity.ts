import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import { type BaseRecord, defineRecordType, type StoredRecord } from "../record.js";
import { searchWords } from "./account.js";
import { commonAliases } from "./aliases.js";

// An Activity is a call, email, meeting or task, usually about another record.

export const activityKinds = ["call", "email", "meeting", "task"] as const;
export type ActivityKind = (typeof activityKinds)[number];
/** Record types an activity can be about (their typeName). */
export const relatableTypes = ["account", "contact", "lead", "opportunity", "quote", "order", "case"] as const;

export interface Activity extends BaseRecord {
  kind: ActivityKind;
  subject: string;
  dueAt: number | null;
  done: boolean;
  doneAt: number | null;
  /** The typeName of the record this is about ("opportunity"); "" when none. */
  relatedType: string;
  relatedId: string;
  /** The account it belongs to, for the account's timeline (also when related to a contact or case). */
  accountId: string;
  owner: string;
}

export const activityFields = defineFields<Activity>({
  kind: field.picklist(
    { en: "Type", zh: "类型" },
    labelled(activityKinds, {
      call: { en: "Call", zh: "电话" },
      email: { en: "Email", zh: "邮件" },
      meeting: { en: "Meeting", zh: "会议" },
      task: { en: "Task", zh: "任务" },
    }),
    {
      default: "task",
      defaultColumn: true,
      aliases: { en: ["kind", "type", "activity type"], zh: ["类型", "活动类型"] },
    },
  ),
  subject: field.text(
    { en: "Subject", zh: "主题" },
    { required: true, maxLength: 300, defaultColumn: true, aliases: commonAliases.subject },
  ),
  dueAt: field.dateTime(
    { en: "Due", zh: "截止" },
    { defaultColumn: true, aliases: { en: ["due", "due at", "due date"], zh: ["截止时间", "截止日期", "到期日"] } },
  ),
  done: field.boolean(
    { en: "Done", zh: "已完成" },
    { defaultColumn: true, aliases: { en: ["done", "completed", "complete"], zh: ["已完成", "完成"] } },
  ),
  doneAt: field.dateTime(
    { en: "Done on", zh: "完成于" },
    { readOnly: true, aliases: { en: ["done at", "completed at"], zh: ["完成时间"] } },
  ),
  relatedType: field.picklist(
    { en: "About", zh: "关于" },
    labelled(relatableTypes, {
      account: { en: "Account", zh: "客户" },
      contact: { en: "Contact", zh: "联系人" },
      lead: { en: "Lead", zh: "线索" },
      opportunity: { en: "Deal", zh: "商机" },
      quote: { en: "Quote", zh: "报价" },
      order: { en: "Order", zh: "订单" },
      case: { en: "Case", zh: "工单" },
    }),
    // Set by where the activity is made (a record's timeline), not typed on its form.
    { form: false, aliases: { en: ["related type", "related to type"], zh: ["关联类型"] } },
  ),
  relatedId: field.reference(
    { en: "About (record)", zh: "关联记录" },
    { typeField: "relatedType" },
    // The list's column reads "Contact: Peter Gibbons": the type and the record in one.
    { form: false, defaultColumn: true, aliases: { en: ["related id", "related to"], zh: ["关联记录", "关联id"] } },
  ),
  accountId: field.reference({ en: "Account", zh: "客户" }, "accounts", { aliases: commonAliases.accountId }),
  owner: field.person(
    { en: "Owner", zh: "负责人" },
    { responsible: true, defaultColumn: true, aliases: commonAliases.owner },
  ),
});

export const ActivityType = defineRecordType<Activity>({
  typeName: "activity",
  collection: "activities",
  // ~100k activities in a big workspace: 64 documents of ~1,560 each (docs.ts).
  shards: 64,
  migrations: [],
  fields: activityFields,
  // A related id means nothing without its type.
  refine: (a, report) => {
    if (a.relatedId && !a.relatedType) report("relatedType", "required");
  },
  searchTerms: (a) => searchWords(a.subject),
  sortKey: (a) => a.subject.toLocaleLowerCase(),
  deriveChanges: activityDoneTime,
});

/** Ticking "done" stamps `doneAt` (unless given); unticking clears it. */
export function activityDoneTime(changes: StoredRecord, before: StoredRecord | null, now: number): StoredRecord {
  if (!("done" in changes) || changes.done === (before?.done ?? false)) return {};
  if (changes.done) return typeof changes.doneAt === "number" ? {} : { doneAt: now };
  return { doneAt: null };
}

/** The built-in fields' validator (`ActivityType.validate` adds the workspace's custom fields). */
export const activityInput = ActivityType.input;
export type ActivityInput = RecordInput<Activity>;
