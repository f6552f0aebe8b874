import {
  dismissInboxEntry,
  type InboxItem,
  inboxDocName,
  inboxReadDocName,
  markInboxRead,
  readInboxEntries,
  readInboxMarks,
  unreadCount,
  withMarks,
} from "@crm/schema";
import { useCallback, useMemo } from "react";
import { useRuntime } from "../runtime/context.js";
import { useTrackedDoc } from "../runtime/useTrackedDoc.js";

/*
 * The signed-in person's notifications, live: their inbox document (written by the server's
 * automation peer, read-only here) and their read document (what they read or dismissed; written
 * here). Both are ordinary documents of the local store, so they open from IndexedDB first — the
 * bell shows its count and list offline — and sync like the settings document while the app
 * shell, which holds them, is mounted.
 */

const EMPTY_ENTRIES: ReturnType<typeof readInboxEntries> = [];
const EMPTY_MARKS = readInboxMarks(null);

export interface Inbox {
  items: InboxItem[];
  unread: number;
  markRead(ids: readonly string[]): void;
  markAllRead(): void;
  dismiss(id: string): void;
}

export function useInbox(): Inbox {
  const { workspace, me } = useRuntime();
  const entries = useTrackedDoc(inboxDocName(workspace, me.id), readInboxEntries, EMPTY_ENTRIES);
  const marks = useTrackedDoc(inboxReadDocName(workspace, me.id), readInboxMarks, EMPTY_MARKS);
  const items = useMemo(() => withMarks(entries.value, marks.value), [entries.value, marks.value]);
  const doc = marks.doc;
  const markRead = useCallback((ids: readonly string[]) => doc && markInboxRead(doc, ids, Date.now()), [doc]);
  const markAllRead = useCallback(
    () =>
      doc &&
      markInboxRead(
        doc,
        items.filter((i) => !i.read).map((i) => i.id),
        Date.now(),
      ),
    [doc, items],
  );
  const dismiss = useCallback((id: string) => doc && dismissInboxEntry(doc, id, Date.now()), [doc]);
  return { items, unread: unreadCount(items), markRead, markAllRead, dismiss };
}
