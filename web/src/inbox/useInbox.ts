import type { CaseMessage } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useMemo } from "react";
import type { Row } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { activityByCase, type CaseActivity, type QueueCase } from "./queue.js";

/*
 * The inbox's local data, live: every case (a few thousand rows are read in tens of ms), the most
 * recent conversation entries (their order says which cases moved last; reading every entry of
 * every case would copy every mail body), and when this person last looked at each conversation
 * on this device. All from IndexedDB: the queue draws from local data, with no request to wait
 * for, and a case or message the server relays shows up as soon as it is stored here.
 */

/** How many of the newest entries are read for ordering and unread marks. */
export const ACTIVITY_WINDOW = 500;
const SEEN = "inbox.seen:";

export interface InboxData {
  cases: QueueCase[] | undefined;
  activity: Map<string, CaseActivity>;
  seen: Map<string, number>;
}

export function useInboxData(): InboxData {
  const { db } = useRuntime();
  const cases = useLiveQuery(() => db.cases.toArray() as Promise<QueueCase[]>, [db]);
  const recent = useLiveQuery(
    () => db.caseMessages.orderBy("sortKey").reverse().limit(ACTIVITY_WINDOW).toArray(),
    [db],
  );
  const seenRows = useLiveQuery(() => db.prefs.where("key").startsWith(SEEN).toArray(), [db]);
  const activity = useMemo(() => activityByCase(recent ?? []), [recent]);
  const seen = useMemo(
    () => new Map((seenRows ?? []).map((r) => [r.key.slice(SEEN.length), Number(r.value)] as const)),
    [seenRows],
  );
  return { cases, activity, seen };
}

/** Remembers (on this device) that the person has read the conversation up to now. */
export function useMarkSeen(): (caseId: string) => void {
  const { db } = useRuntime();
  return (caseId) => void db.prefs.put({ key: `${SEEN}${caseId}`, value: Date.now() });
}

/** A conversation's latest entry, for its queue row (read only for the rows on screen). */
export function useLastMessage(caseId: string): Row<CaseMessage> | null | undefined {
  const { db } = useRuntime();
  return useLiveQuery(async () => {
    const all = await db.caseMessages.where("caseId").equals(caseId).toArray();
    let last: Row<CaseMessage> | null = null;
    for (const m of all) if (!m.deletedAt && (!last || m.sentAt >= last.sentAt)) last = m;
    return last;
  }, [db, caseId]);
}

/** One line of text from a message: its plain text, or its HTML without tags, whitespace folded. */
export function previewText(m: Pick<CaseMessage, "text" | "html" | "subject">, max = 140): string {
  const raw = m.text.trim() ? m.text : m.html.replace(/<style[\s\S]*?<\/style>/gi, " ").replace(/<[^>]*>/g, " ");
  const line = raw
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const text = line || m.subject;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
