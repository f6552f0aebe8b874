import { emailTopicValues } from "../descriptors/picklists.js";
import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import type { Section } from "../descriptors/types.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { searchWords, withPhone } from "./account.js";
import { commonAliases } from "./aliases.js";

// A Contact is a person, usually at an Account.

export interface Contact extends BaseRecord {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  mobile: string;
  title: string;
  /** The id of the account this person works at; "" when none. */
  accountId: string;
  /** The user id of the teammate responsible for the contact; "" when unassigned. */
  owner: string;
  mailingStreet: string;
  mailingCity: string;
  mailingPostalCode: string;
  mailingCountry: string;
  /** Marketing email: "none" until the person opts in somewhere (a contact typed in is not subscribed). */
  emailStatus: EmailStatus;
  /** What the person agreed to, when and where — required for "subscribed". */
  emailConsentBasis: string;
  /** The topics (workspace list `emailTopics`) the person wants mail about. */
  emailTopics: string[];
}

/**
 * A contact's marketing email status. "none" (never asked) is the default: a salesperson typing
 * in a contact, or an import without a basis, never makes anyone subscribed. Every change writes
 * a `consents` record (the automation peer enforces it, peer/src/consent).
 */
export const emailStatuses = ["none", "unconfirmed", "subscribed", "unsubscribed", "bounced", "complained"] as const;
export type EmailStatus = (typeof emailStatuses)[number];
export const emailStatusValues = labelled(emailStatuses, {
  none: { en: "Not subscribed", zh: "未订阅" },
  unconfirmed: { en: "Unconfirmed", zh: "待确认" },
  subscribed: { en: "Subscribed", zh: "已订阅" },
  unsubscribed: { en: "Unsubscribed", zh: "已退订" },
  bounced: { en: "Bounced", zh: "退信" },
  complained: { en: "Complained", zh: "投诉" },
});

const mailing: Section = { id: "mailingAddress", label: { en: "Mailing address", zh: "通讯地址" } };

export const contactFields = defineFields<Contact>({
  firstName: field.text(
    { en: "First name", zh: "名" },
    { maxLength: 100, defaultColumn: true, aliases: commonAliases.firstName },
  ),
  lastName: field.text(
    { en: "Last name", zh: "姓" },
    { required: true, maxLength: 100, defaultColumn: true, aliases: commonAliases.lastName },
  ),
  email: field.email({ en: "Email", zh: "邮箱" }, { defaultColumn: true, aliases: commonAliases.email }),
  phone: field.phone(
    { en: "Phone", zh: "电话" },
    {
      defaultColumn: true,
      aliases: {
        en: ["phone", "telephone", "tel", "phone number", "work phone", "business phone"],
        zh: ["电话", "联系电话", "电话号码", "座机", "办公电话"],
      },
    },
  ),
  mobile: field.phone(
    { en: "Mobile", zh: "手机" },
    {
      aliases: {
        en: ["mobile", "mobile phone", "cell", "cell phone", "cellphone"],
        zh: ["手机", "手机号", "手机号码", "移动电话"],
      },
    },
  ),
  title: field.text(
    { en: "Job title", zh: "职位" },
    { maxLength: 100, group: true, defaultColumn: true, aliases: commonAliases.title },
  ),
  accountId: field.reference({ en: "Account", zh: "客户" }, "accounts", {
    defaultColumn: true,
    aliases: commonAliases.accountId,
  }),
  owner: field.person({ en: "Owner", zh: "负责人" }, { responsible: true, aliases: commonAliases.owner }),
  mailingStreet: field.text(
    { en: "Street", zh: "街道" },
    {
      section: mailing,
      aliases: {
        en: ["street", "address", "street address", "mailing street", "mailing address", "address line 1"],
        zh: ["地址", "街道", "通讯地址", "详细地址"],
      },
    },
  ),
  mailingCity: field.text(
    { en: "City", zh: "城市" },
    {
      maxLength: 100,
      section: mailing,
      group: true,
      aliases: { en: ["city", "town", "mailing city"], zh: ["城市", "市"] },
    },
  ),
  mailingPostalCode: field.text(
    { en: "Postal code", zh: "邮编" },
    {
      maxLength: 20,
      section: mailing,
      aliases: { en: ["postal code", "postcode", "zip", "zip code", "mailing postal code"], zh: ["邮编", "邮政编码"] },
    },
  ),
  mailingCountry: field.text(
    { en: "Country", zh: "国家/地区" },
    {
      maxLength: 100,
      section: mailing,
      group: true,
      aliases: { en: ["country", "mailing country", "country/region"], zh: ["国家", "国家/地区"] },
    },
  ),
  emailStatus: field.picklist({ en: "Email subscription", zh: "邮件订阅" }, emailStatusValues, {
    default: "none",
    aliases: { en: ["email status", "subscription", "email subscription", "subscribed"], zh: ["订阅状态", "邮件订阅"] },
  }),
  emailConsentBasis: field.text(
    { en: "Consent basis", zh: "同意依据" },
    {
      maxLength: 500,
      help: {
        en: "What the person agreed to, when and where (e.g. signed up at the 2026 trade show)",
        zh: "此人同意的内容、时间和地点（例如：2026 年展会上登记）",
      },
      aliases: { en: ["consent basis", "consent", "opt-in source"], zh: ["同意依据", "同意来源"] },
    },
  ),
  emailTopics: field.multiPicklist({ en: "Email topics", zh: "邮件主题" }, emailTopicValues, {
    picklist: "emailTopics",
    aliases: { en: ["email topics", "topics"], zh: ["邮件主题", "主题"] },
  }),
});

export const ContactType = defineRecordType<Contact>({
  typeName: "contact",
  collection: "contacts",
  // ~50k contacts in a big workspace: 64 documents of ~800 contacts each.
  shards: 64,
  migrations: [
    {
      // Version 1 kept one "name" field; the last word became the last name.
      id: "com.crm.contact/SplitName",
      to: 2,
      up: ({ name, ...rest }) => {
        const words = typeof name === "string" ? name.trim().split(/\s+/) : [];
        const lastName = words.length ? (words.pop() as string) : "";
        return { firstName: words.join(" "), lastName, ...rest };
      },
    },
    {
      // Version 2 had one phone number, no owner and no address.
      id: "com.crm.contact/AddMobileOwnerMailingAddress",
      to: 3,
      up: (rec) => ({
        mobile: "",
        owner: "",
        mailingStreet: "",
        mailingCity: "",
        mailingPostalCode: "",
        mailingCountry: "",
        ...rec,
      }),
    },
    {
      // Version 3 had no marketing consent: nobody stored before it is subscribed.
      id: "com.crm.contact/AddEmailSubscription",
      to: 4,
      up: (rec) => ({ emailStatus: "none", emailConsentBasis: "", emailTopics: [], ...rec }),
    },
  ],
  fields: contactFields,
  refine: (c, report) => {
    if (c.emailStatus === "subscribed" && !c.emailConsentBasis.trim()) report("emailStatus", "consentBasisRequired");
  },
  searchTerms: (c) => withPhone(withPhone(searchWords(c.firstName, c.lastName, c.email), c.phone), c.mobile),
  sortKey: (c) => `${c.lastName} ${c.firstName}`.toLocaleLowerCase(),
});

/** The built-in fields' validator (`ContactType.validate` adds the workspace's custom fields). */
export const contactInput = ContactType.input;
export type ContactInput = RecordInput<Contact>;

export function contactName(c: Pick<Contact, "firstName" | "lastName">): string {
  return [c.firstName, c.lastName].filter(Boolean).join(" ");
}
