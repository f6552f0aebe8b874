import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { type EmailStatus, emailStatusValues } from "./contact.js";

// A Consent is one change of a contact's marketing email status: from → to, when, how, the
// wording the person agreed to and where it came from. Append-only by convention: nobody edits
// one (no form); GDPR erasure deletes a contact's consents with the contact.

export const consentMethods = [
  "form",
  "confirmationLink",
  "import",
  "api",
  "person",
  "unsubscribeLink",
  "preferencePage",
  "bounce",
  "complaint",
] as const;
export type ConsentMethod = (typeof consentMethods)[number];

export interface Consent extends BaseRecord {
  contactId: string;
  fromStatus: EmailStatus;
  toStatus: EmailStatus;
  /** When the change was made (the contact's change time, or the click's). */
  at: number;
  method: ConsentMethod;
  /** The wording agreed to (a form's consent text, an import's stated basis); "" when none. */
  wording: string;
  /** Where it came from: an IP address, an email address, a member or token; "" when unknown. */
  source: string;
}

export const consentFields = defineFields<Consent>({
  contactId: field.reference({ en: "Contact", zh: "联系人" }, "contacts", { required: true, defaultColumn: true }),
  fromStatus: field.picklist({ en: "From", zh: "原状态" }, emailStatusValues, { default: "none", defaultColumn: true }),
  toStatus: field.picklist({ en: "To", zh: "新状态" }, emailStatusValues, { default: "none", defaultColumn: true }),
  at: field.dateTimeOrNow({ en: "When", zh: "时间" }, { defaultColumn: true }),
  method: field.picklist(
    { en: "How", zh: "方式" },
    labelled(consentMethods, {
      form: { en: "Sign-up form", zh: "注册表单" },
      confirmationLink: { en: "Confirmation link", zh: "确认链接" },
      import: { en: "Import", zh: "导入" },
      api: { en: "API", zh: "API" },
      person: { en: "Team member", zh: "团队成员" },
      unsubscribeLink: { en: "Unsubscribe link", zh: "退订链接" },
      preferencePage: { en: "Preference page", zh: "偏好设置页" },
      bounce: { en: "Bounce", zh: "退信" },
      complaint: { en: "Complaint", zh: "投诉" },
    }),
    { default: "person", defaultColumn: true },
  ),
  wording: field.longText({ en: "Wording agreed to", zh: "同意的条款" }),
  source: field.text({ en: "Source", zh: "来源" }, { maxLength: 300 }),
});

export const ConsentType = defineRecordType<Consent>({
  typeName: "consent",
  collection: "consents",
  // One or two per subscribed contact: 16 documents.
  shards: 16,
  migrations: [],
  fields: consentFields,
  searchTerms: (c) => [c.toStatus, c.method],
  sortKey: (c) => String(c.at).padStart(15, "0"),
});

export const consentInput = ConsentType.input;
export type ConsentInput = RecordInput<Consent>;
