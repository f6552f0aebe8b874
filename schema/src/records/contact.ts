import { defineFields, field, type RecordInput } from "../descriptors/spec.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { searchWords, withPhone } from "./account.js";
import { commonAliases } from "./aliases.js";

// A Contact is a person, usually at an Account.

export interface Contact extends BaseRecord {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  title: string;
  /** The id of the account this person works at; "" when none. */
  accountId: string;
}

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
  phone: field.phone({ en: "Phone", zh: "电话" }, { defaultColumn: true, aliases: commonAliases.phone }),
  title: field.text(
    { en: "Job title", zh: "职位" },
    { maxLength: 100, group: true, defaultColumn: true, aliases: commonAliases.title },
  ),
  accountId: field.reference({ en: "Account", zh: "客户" }, "accounts", {
    defaultColumn: true,
    aliases: commonAliases.accountId,
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
  ],
  fields: contactFields,
  searchTerms: (c) => withPhone(searchWords(c.firstName, c.lastName, c.email), c.phone),
  sortKey: (c) => `${c.lastName} ${c.firstName}`.toLocaleLowerCase(),
});

/** The built-in fields' validator (`ContactType.validate` adds the workspace's custom fields). */
export const contactInput = ContactType.input;
export type ContactInput = RecordInput<Contact>;

export function contactName(c: Pick<Contact, "firstName" | "lastName">): string {
  return [c.firstName, c.lastName].filter(Boolean).join(" ");
}
