import {
  type Case,
  type CaseMessage,
  type CasePriority,
  type CaseStatus,
  type Channel,
  caseSla,
  type WorkspaceSettings,
} from "@crm/schema";

/*
 * The inbox's queue, as pure functions of local data: which conversations a tab shows, in what
 * order, and which are unread. Kept apart from React so the rules are tested on their own
 * (queue.test.ts) and the screen only draws what this returns.
 */

export const inboxTabs = ["unassigned", "mine", "open", "all"] as const;
export type InboxTab = (typeof inboxTabs)[number];
export const queueSorts = ["recent", "sla", "priority"] as const;
export type QueueSort = (typeof queueSorts)[number];

export interface QueueFilter {
  tab: InboxTab;
  status: CaseStatus | "";
  priority: CasePriority | "";
  channel: Channel | "";
}

export const allConversations: QueueFilter = { tab: "open", status: "", priority: "", channel: "" };

export type QueueCase = Pick<
  Case,
  | "id"
  | "subject"
  | "status"
  | "priority"
  | "channel"
  | "assignee"
  | "openedAt"
  | "updatedAt"
  | "firstResponseAt"
  | "resolvedAt"
  | "closedAt"
  | "deletedAt"
>;

/** What the messages say about a case: its latest entry and the latest one from the customer. */
export interface CaseActivity {
  lastAt: number;
  lastInboundAt: number;
}

export interface QueueItem {
  case: QueueCase;
  /** Latest thing that happened: its newest message, else its last change or opening. */
  lastAt: number;
  unread: boolean;
}

export interface Me {
  id: string;
  name: string;
}

/**
 * Per case, the newest message and the newest inbound one, from any list of entries (the inbox
 * reads a window of the most recent ones; a case outside it falls back to its own stamps).
 */
export function activityByCase(
  messages: readonly Pick<CaseMessage, "caseId" | "sentAt" | "direction" | "deletedAt">[],
): Map<string, CaseActivity> {
  const out = new Map<string, CaseActivity>();
  for (const m of messages) {
    if (m.deletedAt) continue;
    const a = out.get(m.caseId) ?? { lastAt: 0, lastInboundAt: 0 };
    a.lastAt = Math.max(a.lastAt, m.sentAt);
    if (m.direction === "inbound") a.lastInboundAt = Math.max(a.lastInboundAt, m.sentAt);
    out.set(m.caseId, a);
  }
  return out;
}

export function isOpen(c: Pick<Case, "status">): boolean {
  return c.status !== "resolved" && c.status !== "closed";
}

/** An id stored by "assign to me", or a name typed before people had ids: both are "mine". */
export function isAssignedTo(c: Pick<Case, "assignee">, me: Me): boolean {
  const a = c.assignee.trim().toLocaleLowerCase();
  return a !== "" && (a === me.id.toLocaleLowerCase() || a === me.name.trim().toLocaleLowerCase());
}

export function inTab(c: QueueCase, tab: InboxTab, me: Me): boolean {
  switch (tab) {
    case "unassigned":
      return isOpen(c) && c.assignee.trim() === "";
    case "mine":
      return isOpen(c) && isAssignedTo(c, me);
    case "open":
      return isOpen(c);
    case "all":
      return true;
  }
}

export function matches(c: QueueCase, f: QueueFilter, me: Me): boolean {
  if (c.deletedAt) return false;
  if (!inTab(c, f.tab, me)) return false;
  if (f.status && c.status !== f.status) return false;
  if (f.priority && c.priority !== f.priority) return false;
  if (f.channel && c.channel !== f.channel) return false;
  return true;
}

/**
 * Unread: the customer wrote after this person last looked at the conversation here, or it is a
 * new case nobody opened on this device yet.
 */
export function isUnread(c: QueueCase, activity: CaseActivity | undefined, seenAt: number | undefined): boolean {
  const seen = seenAt ?? 0;
  if (activity && activity.lastInboundAt > 0) return activity.lastInboundAt > seen;
  return seenAt === undefined && c.status === "new";
}

const PRIORITY_RANK: Record<CasePriority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** When the clock that runs now falls due; a case with both clocks stopped sorts last. */
export function slaDue(c: QueueCase, settings: Pick<WorkspaceSettings, "sla">, now: number): number {
  const sla = caseSla(c, settings, now);
  if (sla.firstResponse.remainingMs !== null) return sla.firstResponse.dueAt;
  if (sla.resolution.remainingMs !== null) return sla.resolution.dueAt;
  return Number.POSITIVE_INFINITY;
}

export interface QueueInput {
  cases: readonly QueueCase[];
  activity: ReadonlyMap<string, CaseActivity>;
  seen: ReadonlyMap<string, number>;
  filter: QueueFilter;
  sort: QueueSort;
  me: Me;
  settings: Pick<WorkspaceSettings, "sla">;
  now: number;
}

/** The conversations a filter shows, in the sort's order; ties newest first, then by id (stable). */
export function buildQueue(input: QueueInput): QueueItem[] {
  const { activity, seen, filter, me } = input;
  const items: QueueItem[] = [];
  for (const c of input.cases) {
    if (!matches(c, filter, me)) continue;
    const a = activity.get(c.id);
    const lastAt = Math.max(a?.lastAt ?? 0, c.openedAt, c.updatedAt ?? 0);
    items.push({ case: c, lastAt, unread: isUnread(c, a, seen.get(c.id)) });
  }
  const recent = (x: QueueItem, y: QueueItem) => y.lastAt - x.lastAt || (x.case.id < y.case.id ? -1 : 1);
  if (input.sort === "recent") return items.sort(recent);
  if (input.sort === "priority") {
    return items.sort((x, y) => PRIORITY_RANK[x.case.priority] - PRIORITY_RANK[y.case.priority] || recent(x, y));
  }
  const due = new Map(items.map((i) => [i.case.id, slaDue(i.case, input.settings, input.now)]));
  return items.sort((x, y) => {
    const dx = due.get(x.case.id) ?? 0;
    const dy = due.get(y.case.id) ?? 0;
    return dx === dy ? recent(x, y) : dx < dy ? -1 : 1;
  });
}

/** How many conversations each tab holds, for its label. */
export function tabCounts(cases: readonly QueueCase[], me: Me): Record<InboxTab, number> {
  const out: Record<InboxTab, number> = { unassigned: 0, mine: 0, open: 0, all: 0 };
  for (const c of cases) {
    if (c.deletedAt) continue;
    for (const tab of inboxTabs) if (inTab(c, tab, me)) out[tab]++;
  }
  return out;
}

/** The next (+1) or previous (−1) conversation from `current`; the first when none is selected. */
export function step(items: readonly QueueItem[], current: string | null, by: 1 | -1): string | null {
  if (items.length === 0) return null;
  const i = current === null ? -1 : items.findIndex((it) => it.case.id === current);
  if (i < 0) return items[by === 1 ? 0 : items.length - 1]!.case.id;
  const next = Math.min(items.length - 1, Math.max(0, i + by));
  return items[next]!.case.id;
}
