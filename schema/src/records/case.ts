import { z } from "zod";
import { requiredText, text } from "../fields.js";
import { type BaseRecord, defineRecordType, type StoredRecord } from "../record.js";
import { choice, optionalTime, timeOrNow } from "../scalars.js";
import { searchWords } from "./account.js";

// A Case is a customer's problem or request, worked under the SLA targets of the workspace (sla.ts).

export const caseStatuses = ["new", "open", "pending", "resolved", "closed"] as const;
export type CaseStatus = (typeof caseStatuses)[number];
/** In escalation order: sla.ts raises a case one step along this list. */
export const casePriorities = ["low", "normal", "high", "urgent"] as const;
export type CasePriority = (typeof casePriorities)[number];
export const channels = ["phone", "email", "chat", "web"] as const;
export type Channel = (typeof channels)[number];

export interface Case extends BaseRecord {
  subject: string;
  accountId: string;
  contactId: string;
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

export const caseInput = z.object({
  subject: requiredText(300),
  accountId: text(40).default(""),
  contactId: text(40).default(""),
  status: choice(caseStatuses, "new"),
  priority: choice(casePriorities, "normal"),
  channel: choice(channels, "email"),
  assignee: text(100).default(""),
  openedAt: timeOrNow(),
  firstResponseAt: optionalTime(),
  resolvedAt: optionalTime(),
  closedAt: optionalTime(),
  escalatedAt: optionalTime(),
});
export type CaseInput = z.input<typeof caseInput>;

export const CaseType = defineRecordType<Case, typeof caseInput>({
  typeName: "case",
  collection: "cases",
  // ~25k cases in a big workspace: 16 documents of ~1,560 each (docs.ts).
  shards: 16,
  migrations: [],
  input: caseInput,
  defaults: () => ({
    subject: "",
    accountId: "",
    contactId: "",
    status: "new",
    priority: "normal",
    channel: "email",
    assignee: "",
    openedAt: 0,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    escalatedAt: null,
  }),
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
