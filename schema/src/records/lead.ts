import { z } from "zod";
import { email, phone, requiredText, text } from "../fields.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { choice, numberField, optionalTime } from "../scalars.js";
import { searchWords, withPhone } from "./account.js";

// A Lead is a person who showed interest and is not yet qualified; converting one creates an
// Account, a Contact and an Opportunity (leadConversion.ts).

export const leadSources = ["web", "referral", "event", "outbound", "partner", "other"] as const;
export type LeadSource = (typeof leadSources)[number];
export const leadStatuses = ["new", "working", "qualified", "disqualified"] as const;
export type LeadStatus = (typeof leadStatuses)[number];

export interface Lead extends BaseRecord {
  firstName: string;
  lastName: string;
  company: string;
  title: string;
  email: string;
  phone: string;
  source: LeadSource;
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

export const leadInput = z.object({
  firstName: text(100).default(""),
  lastName: requiredText(100),
  company: text(200).default(""),
  title: text(100).default(""),
  email: email().default(""),
  phone: phone().default(""),
  source: choice(leadSources, "other"),
  status: choice(leadStatuses, "new"),
  score: numberField(0),
  owner: text(100).default(""),
  convertedAt: optionalTime(),
  convertedAccountId: text(40).default(""),
  convertedContactId: text(40).default(""),
  convertedOpportunityId: text(40).default(""),
});
export type LeadInput = z.input<typeof leadInput>;

export const LeadType = defineRecordType<Lead, typeof leadInput>({
  typeName: "lead",
  collection: "leads",
  // ~10k leads in a big workspace: 8 documents of ~1,250 each (docs.ts).
  shards: 8,
  migrations: [],
  input: leadInput,
  phoneFields: ["phone"],
  defaults: () => ({
    firstName: "",
    lastName: "",
    company: "",
    title: "",
    email: "",
    phone: "",
    source: "other",
    status: "new",
    score: 0,
    owner: "",
    convertedAt: null,
    convertedAccountId: "",
    convertedContactId: "",
    convertedOpportunityId: "",
  }),
  searchTerms: (l) => withPhone(searchWords(l.firstName, l.lastName, l.company, l.email), l.phone),
  sortKey: (l) => `${l.lastName} ${l.firstName}`.toLocaleLowerCase(),
});
