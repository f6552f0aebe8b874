import { type Activity, type CollectionName, relatableTypes, typeByName } from "@crm/schema";
import type { Row } from "../local/db.js";
import type { LocalStore } from "../local/store.js";
import { formatDateTime, formatDay, isoDay, localIsoDay } from "../ui/dates.js";

export type ActivityRow = Row<Activity>;
export type RelatableType = (typeof relatableTypes)[number];

export const isRelatable = (t: string): t is RelatableType => (relatableTypes as readonly string[]).includes(t);

/** The collection of a related record's type ("case" → "cases"), for links and lookups. */
export function relatedCollection(type: string): CollectionName | null {
  return isRelatable(type) ? (typeByName(type)?.collection as CollectionName) : null;
}

/** When an activity happened or is due: what timelines sort by. */
export const activityWhen = (a: Activity) => a.doneAt ?? a.dueAt ?? a.createdAt;

const DAY = 86_400_000;

/**
 * A due date typed as a day ("2026-11-25", stored as that day's UTC midnight) is due by the end of
 * the day; a due time with a clock is due at that moment.
 */
export const isDateOnly = (at: number) => at % DAY === 0;
const dueBy = (at: number) => (isDateOnly(at) ? at + DAY : at);

/** Due and not done by now. */
export const isOverdue = (a: Activity, now: number) => !a.done && a.dueAt !== null && dueBy(a.dueAt) <= now;

/** A due date as people read it: the day alone for a date-only due, else day and time. */
export function formatDue(lang: string, at: number): string {
  return isDateOnly(at) ? formatDay(lang, at, { utc: true }) : formatDateTime(lang, at);
}

/** The `<input type="date">` value of a stored time ("" for none). */
export function dateInputValue(at: number | null): string {
  if (at === null) return "";
  return isDateOnly(at) ? isoDay(at) : localIsoDay(at);
}

/** The fields the store validates, from a stored row (bookkeeping left out). */
export function activityFields(a: Activity) {
  const { kind, subject, dueAt, done, doneAt, relatedType, relatedId, accountId, owner } = a;
  return { kind, subject, dueAt, done, doneAt, relatedType, relatedId, accountId, owner };
}

/** Ticks or unticks "done"; schema's deriveChanges stamps or clears `doneAt`. */
export function setDone(store: LocalStore, a: ActivityRow, done: boolean) {
  const base = activityFields(a);
  return store.update("activities", a.id, { ...base, done }, base);
}

/** The one time a timeline shows for an activity: when it was done, else when it is due, else logged. */
export function whenText(lang: string, a: Activity): string {
  if (a.done && a.doneAt !== null) return formatDateTime(lang, a.doneAt);
  if (a.dueAt !== null) return formatDue(lang, a.dueAt);
  return formatDateTime(lang, a.createdAt);
}
