import type * as Y from "yjs";

/*
 * A person's in-app notifications (docs.ts: `inboxDocName`, `inboxReadDocName`).
 *
 * - The inbox document holds one root Y.Map "items": notification id → a plain JSON object
 *   (`InboxEntry`). The id is derived from what caused it (the job's key and the recipient), so
 *   delivering the same notification twice writes the same key: there is never a second entry.
 *   Only the automation peer writes it.
 * - The read document holds two root maps, "read" and "dismissed": notification id → when (ms).
 *   The person writes it; the automation peer removes marks of entries it pruned.
 * - Bounded: the peer keeps at most INBOX_LIMIT entries — when a delivery goes beyond, the oldest
 *   read (or dismissed) ones go first, then the oldest unread ones (`pruneInbox`).
 *
 * Entries are values, never edited: a notification is replaced whole or removed. Readers check
 * each entry's shape (`inboxEntry`) and skip what does not fit, so a later version's entries do
 * not break an older app.
 */

export const INBOX_LIMIT = 200;

export const inboxKinds = ["rule", "assignment", "mention", "due", "webhook"] as const;
export type InboxKind = (typeof inboxKinds)[number];

export interface InboxEntry {
  id: string;
  kind: InboxKind;
  /** For "assignment" and "mention": the record's name; otherwise the text to show. */
  title: string;
  body?: string;
  record?: { collection: string; id: string };
  ruleId?: string;
  /** Who caused it (a user id), when someone did. */
  actor?: string;
  /** When it was delivered (ms). */
  at: number;
}

export interface InboxItem extends InboxEntry {
  read: boolean;
}

const ITEMS = "items";
const READ = "read";
const DISMISSED = "dismissed";

const str = (v: unknown): v is string => typeof v === "string";

/** The entry a stored value is, or null when it does not have the shape. */
export function inboxEntry(id: string, value: unknown): InboxEntry | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (!str(v.kind) || !(inboxKinds as readonly string[]).includes(v.kind)) return null;
  if (!str(v.title) || typeof v.at !== "number") return null;
  const entry: InboxEntry = { id, kind: v.kind as InboxKind, title: v.title, at: v.at };
  if (str(v.body)) entry.body = v.body;
  const r = v.record as Record<string, unknown> | undefined;
  if (r && str(r.collection) && str(r.id)) entry.record = { collection: r.collection, id: r.id };
  if (str(v.ruleId)) entry.ruleId = v.ruleId;
  if (str(v.actor)) entry.actor = v.actor;
  return entry;
}

function itemsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ITEMS);
}

/** What a person has read and dismissed (their read document). */
export interface InboxMarks {
  read: ReadonlySet<string>;
  dismissed: ReadonlySet<string>;
}

export function readInboxMarks(marks: Y.Doc | null): InboxMarks {
  return {
    read: new Set(marks ? marks.getMap(READ).keys() : []),
    dismissed: new Set(marks ? marks.getMap(DISMISSED).keys() : []),
  };
}

/** Every well-formed notification of the inbox document, newest first. */
export function readInboxEntries(inbox: Y.Doc): InboxEntry[] {
  const out: InboxEntry[] = [];
  for (const [id, value] of itemsOf(inbox)) {
    const entry = inboxEntry(id, value);
    if (entry) out.push(entry);
  }
  return out.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
}

/** The notifications with whether each was read; dismissed ones left out. */
export function withMarks(entries: readonly InboxEntry[], marks: InboxMarks): InboxItem[] {
  return entries.filter((e) => !marks.dismissed.has(e.id)).map((e) => ({ ...e, read: marks.read.has(e.id) }));
}

/** The notifications, newest first, with whether each was read; dismissed ones left out. */
export function readInbox(inbox: Y.Doc, marks: Y.Doc | null): InboxItem[] {
  return withMarks(readInboxEntries(inbox), readInboxMarks(marks));
}

/** How many notifications are unread. */
export function unreadCount(items: readonly InboxItem[]): number {
  let n = 0;
  for (const i of items) if (!i.read) n++;
  return n;
}

/** Whether the inbox holds a notification with this id (delivered earlier). */
export function hasInboxEntry(inbox: Y.Doc, id: string): boolean {
  return itemsOf(inbox).has(id);
}

/** Adds a notification unless one with its id is there; true when it was added. */
export function addInboxEntry(inbox: Y.Doc, entry: InboxEntry): boolean {
  const items = itemsOf(inbox);
  if (items.has(entry.id)) return false;
  const { id, ...value } = entry;
  items.set(id, value);
  return true;
}

/** Marks notifications read (those not marked yet). */
export function markInboxRead(marks: Y.Doc, ids: readonly string[], now: number): void {
  const read = marks.getMap<number>(READ);
  const todo = ids.filter((id) => !read.has(id));
  if (!todo.length) return;
  marks.transact(() => {
    for (const id of todo) read.set(id, now);
  });
}

/** Dismisses a notification: it leaves the list (and counts as read). */
export function dismissInboxEntry(marks: Y.Doc, id: string, now: number): void {
  marks.transact(() => {
    if (!marks.getMap(DISMISSED).has(id)) marks.getMap<number>(DISMISSED).set(id, now);
  });
}

/**
 * Keeps the inbox to `limit` entries: removes the oldest read or dismissed ones first, then the
 * oldest unread ones. Returns the ids removed (their marks go with `forgetInboxMarks`). Run by the
 * automation peer (the only writer of the inbox) after each delivery.
 */
export function pruneInbox(inbox: Y.Doc, marks: Y.Doc | null, limit = INBOX_LIMIT): string[] {
  const items = itemsOf(inbox);
  if (items.size <= limit) return [];
  const read = marks?.getMap<number>(READ);
  const dismissed = marks?.getMap<number>(DISMISSED);
  const all = [...items.entries()]
    .map(([id, v]) => ({ id, at: inboxEntry(id, v)?.at ?? 0, done: !!(read?.has(id) || dismissed?.has(id)) }))
    .sort((a, b) => a.at - b.at);
  const doneFirst = [...all.filter((e) => e.done), ...all.filter((e) => !e.done)];
  const remove = doneFirst.slice(0, items.size - limit).map((e) => e.id);
  inbox.transact(() => {
    for (const id of remove) items.delete(id);
  });
  return remove;
}

/** Removes the read and dismissed marks of notifications that are gone. */
export function forgetInboxMarks(marks: Y.Doc, ids: readonly string[]): void {
  const read = marks.getMap(READ);
  const dismissed = marks.getMap(DISMISSED);
  marks.transact(() => {
    for (const id of ids) {
      read.delete(id);
      dismissed.delete(id);
    }
  });
}
