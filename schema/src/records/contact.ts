import { z } from "zod";
import { email, phone, requiredText, text } from "../fields.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { searchWords, withPhone } from "./account.js";

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

export const contactInput = z.object({
  firstName: text(100).default(""),
  lastName: requiredText(100),
  email: email().default(""),
  phone: phone().default(""),
  title: text(100).default(""),
  accountId: text(40).default(""),
});
export type ContactInput = z.input<typeof contactInput>;

export const ContactType = defineRecordType<Contact, typeof contactInput>({
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
  input: contactInput,
  phoneFields: ["phone"],
  defaults: () => ({ firstName: "", lastName: "", email: "", phone: "", title: "", accountId: "" }),
  searchTerms: (c) => withPhone(searchWords(c.firstName, c.lastName, c.email), c.phone),
  sortKey: (c) => `${c.lastName} ${c.firstName}`.toLocaleLowerCase(),
});

export function contactName(c: Pick<Contact, "firstName" | "lastName">): string {
  return [c.firstName, c.lastName].filter(Boolean).join(" ");
}
