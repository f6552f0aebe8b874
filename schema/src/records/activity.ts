import { z } from "zod";
import { requiredText, text } from "../fields.js";
import { type BaseRecord, defineRecordType, type StoredRecord } from "../record.js";
import { bool, choice, optionalTime } from "../scalars.js";
import { searchWords } from "./account.js";

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

export const activityInput = z
  .object({
    kind: choice(activityKinds, "task"),
    subject: requiredText(300),
    dueAt: optionalTime(),
    done: bool(false),
    doneAt: optionalTime(),
    relatedType: choice(["", ...relatableTypes] as const, ""),
    relatedId: text(40).default(""),
    accountId: text(40).default(""),
    owner: text(100).default(""),
  })
  .superRefine((a, ctx) => {
    // A related id means nothing without its type.
    if (a.relatedId && !a.relatedType) ctx.addIssue({ code: "custom", path: ["relatedType"], message: "required" });
  });
export type ActivityInput = z.input<typeof activityInput>;

export const ActivityType = defineRecordType<Activity, typeof activityInput>({
  typeName: "activity",
  collection: "activities",
  // ~100k activities in a big workspace: 64 documents of ~1,560 each (docs.ts).
  shards: 64,
  migrations: [],
  input: activityInput,
  defaults: () => ({
    kind: "task",
    subject: "",
    dueAt: null,
    done: false,
    doneAt: null,
    relatedType: "",
    relatedId: "",
    accountId: "",
    owner: "",
  }),
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
