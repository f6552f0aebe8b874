import { type CollectionName, canReadCollection, type Role, typeByName } from "@crm/schema";
import type { ListQuery } from "../db/query.js";
import type { WorkspacePeer } from "../peer.js";
import { type IcsEvent, renderCalendar } from "./ics.js";

/*
 * A person's activities as calendar entries. What goes in: activities they own (`owner` is their
 * user id), not deleted, with a due time, of the kinds a calendar shows — meetings, calls and
 * tasks (an email is no appointment) — and only those their role may read together with the
 * record each is about (a support person's activity about a deal is left out: support cannot
 * read deals, and the entry would name one).
 *
 * Every entry is a VEVENT, tasks included. VTODO would be the "right" component for a task, but
 * Google Calendar ignores VTODO in subscribed feeds and Outlook shows it nowhere: a task due on a
 * day is an all-day event on that day (a date-only due is stored as that day's UTC midnight, see
 * web/src/activities/activityRecord.ts) and a task due at a time is a zero-length event at that
 * time, TRANSPARENT (it does not block the person's time). A done task keeps its entry, its
 * summary starting with "✓"; there is no "cancelled" state of an activity, and a deleted one
 * leaves the feed (subscriptions replace the whole calendar on each refresh, so a missing UID is
 * how a client learns an entry is gone).
 *
 * SEQUENCE must grow with every change a client should notice: seconds between the activity's
 * creation and its last change, which only ever grows, needs no counter stored anywhere, and is
 * the same whichever process renders the feed.
 */

/** Meetings and calls have no end time in the CRM: these lengths are what the calendar shows. */
export const EVENT_MINUTES = { meeting: 60, call: 30 } as const;
const KINDS = ["meeting", "call", "task"] as const;
const DAY = 86_400_000;
const PAGE = 500;

interface ActivityRow {
  id: string;
  kind: (typeof KINDS)[number];
  subject: string;
  dueAt: number;
  done: boolean;
  relatedType: string;
  relatedId: string;
  accountId: string;
  createdAt: number;
  updatedAt: number;
}

const KIND_LABEL = { meeting: "Meeting", call: "Call", task: "Task" } as const;

/** A record's name as the app shows it (what an entry's description says it is about). */
export function recordName(collection: string, r: Record<string, unknown>): string {
  const s = (k: string) => (typeof r[k] === "string" ? (r[k] as string) : "");
  switch (collection) {
    case "contacts":
    case "leads":
      return [s("firstName"), s("lastName")].filter(Boolean).join(" ");
    case "quotes":
    case "orders":
      return s("number");
    case "cases":
    case "activities":
      return s("subject");
    default:
      return s("name");
  }
}

export interface FeedInput {
  peer: Pick<WorkspacePeer, "list" | "get">;
  userId: string;
  role: Role;
  /** The app's origin (https://crm.example.com) for each entry's link; none when unknown. */
  appOrigin?: string;
  calendarName: string;
}

/** The person's entries, by due time. */
export function feedEvents(input: FeedInput): IcsEvent[] {
  const { peer, role } = input;
  if (!canReadCollection(role, "activities")) return [];
  const events: IcsEvent[] = [];
  const names = new Map<string, string | null>();
  const relatedName = (type: string, id: string): string | null => {
    const collection = typeByName(type)?.collection as CollectionName | undefined;
    if (!collection) return null;
    const key = `${collection}/${id}`;
    if (!names.has(key)) {
      const rec = canReadCollection(role, collection) ? peer.get(collection, id) : undefined;
      names.set(key, rec && !rec.deletedAt ? recordName(collection, rec as Record<string, unknown>) : null);
    }
    return names.get(key) ?? null;
  };
  const query: ListQuery = {
    filters: [
      { field: "owner", op: "is", value: input.userId },
      { field: "kind", op: "in", value: KINDS.join(",") },
      { field: "dueAt", op: "notEmpty", value: "" },
    ],
    sort: { field: "dueAt", dir: "asc" },
    limit: PAGE,
  };
  let cursor: string | null = null;
  do {
    const page = peer.list("activities", cursor ? { ...query, cursor } : query);
    for (const json of page.records) {
      const a = JSON.parse(json) as ActivityRow;
      if (a.relatedType && a.relatedId) {
        const collection = typeByName(a.relatedType)?.collection as CollectionName | undefined;
        // About a record this role may not read: left out entirely (its subject may name it).
        if (collection && !canReadCollection(role, collection)) continue;
      }
      events.push(toEvent(a, input, a.relatedType && a.relatedId ? relatedName(a.relatedType, a.relatedId) : null));
    }
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}

function toEvent(a: ActivityRow, input: FeedInput, about: string | null): IcsEvent {
  const task = a.kind === "task";
  const dateOnly = a.dueAt % DAY === 0;
  const kindLabel = KIND_LABEL[a.kind];
  const description = [
    about ? `${kindLabel} · ${relatedTypeLabel(a.relatedType)}: ${about}` : kindLabel,
    ...(input.appOrigin ? [`${input.appOrigin}/activities/${encodeURIComponent(a.id)}`] : []),
  ].join("\n");
  return {
    uid: `${a.id}@activities.crm`,
    summary: `${task && a.done ? "✓ " : ""}${a.subject}`,
    description,
    ...(input.appOrigin ? { url: `${input.appOrigin}/activities/${encodeURIComponent(a.id)}` } : {}),
    start: task && dateOnly ? { date: a.dueAt } : { at: a.dueAt },
    durationMinutes: a.kind === "task" ? 0 : EVENT_MINUTES[a.kind],
    created: a.createdAt,
    lastModified: Math.max(a.updatedAt, a.createdAt),
    sequence: Math.max(0, Math.floor((a.updatedAt - a.createdAt) / 1000)),
    status: "CONFIRMED",
    categories: [kindLabel],
    transparent: task,
  };
}

function relatedTypeLabel(type: string): string {
  return type === "opportunity" ? "Deal" : type.charAt(0).toUpperCase() + type.slice(1);
}

/** The feed as served. */
export function renderFeed(input: FeedInput): string {
  return renderCalendar({
    product: "-//crm//calendar feed//EN",
    name: input.calendarName,
    refreshMinutes: 15,
    events: feedEvents(input),
  });
}
