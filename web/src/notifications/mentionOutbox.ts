import type { CrmDatabase } from "../local/db.js";

/*
 * Mentions waiting to be told to the server (`POST /api/v1/notifications/mentions`, which checks
 * them and notifies the people mentioned: peer/src/notifications/mentions.ts). A mention typed
 * offline must still notify once the device is back online, after a reload too — so each one is
 * first written to IndexedDB (the workspace database's `prefs` table, one row per mention,
 * `mentionOutbox:<collection>/<record>/<mention id>`) and removed only once the server answered.
 *
 * Sending one twice is harmless — the server derives the notification's id from the mention
 * node's id — so a flush that crashes half way, or two tabs flushing at once, notify nobody twice.
 */

const PREFIX = "mentionOutbox:";

export interface QueuedMention {
  collection: string;
  recordId: string;
  /** The mention node's id (`mentionId` in the note). */
  id: string;
  userId: string;
}

const keyOf = (m: QueuedMention) => `${PREFIX}${m.collection}/${m.recordId}/${m.id}`;

const listeners = new Set<() => void>();

/** Called after mentions were queued (the outbox sends them at once when online). */
export function onMentionsQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Records mentions made in a record's notes, durably, before anything is sent. */
export async function queueMentions(db: CrmDatabase, mentions: readonly QueuedMention[]): Promise<void> {
  if (!mentions.length) return;
  await db.prefs.bulkPut(mentions.map((m) => ({ key: keyOf(m), value: m })));
  for (const l of listeners) l();
}

/** Mentions not yet accepted by the server. */
export async function queuedMentions(db: CrmDatabase): Promise<QueuedMention[]> {
  const rows = await db.prefs.where("key").startsWith(PREFIX).toArray();
  return rows.map((r) => r.value as QueuedMention);
}

export type Post = (body: unknown) => Promise<{ status: number }>;

/** The same-origin request with the session cookie, for the workspace open in this tab. */
export function postMentions(workspace: string): Post {
  return async (body) => {
    const res = await fetch("/api/v1/notifications/mentions", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "CRM-Workspace": workspace },
      body: JSON.stringify(body),
    });
    return { status: res.status };
  };
}

const flushing = new WeakMap<CrmDatabase, Promise<{ sent: number; left: number }>>();

/**
 * Sends every queued mention, one request per record. A 2xx, or a refusal that no retry changes
 * (400: malformed, 403: the record may not be read, 404: the record is gone), removes them; a
 * network failure, 401 (signed out for now), 429 or a 5xx keeps them for the next flush.
 */
export function flushMentions(db: CrmDatabase, post: Post): Promise<{ sent: number; left: number }> {
  const running = flushing.get(db);
  if (running) return running;
  const run = (async () => {
    const all = await queuedMentions(db);
    const byRecord = new Map<string, QueuedMention[]>();
    for (const m of all) {
      const k = `${m.collection}/${m.recordId}`;
      byRecord.set(k, [...(byRecord.get(k) ?? []), m]);
    }
    let sent = 0;
    let left = 0;
    for (const list of byRecord.values()) {
      const first = list[0]!;
      let status = 0;
      try {
        ({ status } = await post({
          record: { collection: first.collection, id: first.recordId },
          mentions: list.map((m) => ({ id: m.id, userId: m.userId })),
        }));
      } catch {
        status = 0; // offline
      }
      const done = (status >= 200 && status < 300) || status === 400 || status === 403 || status === 404;
      if (done) {
        await db.prefs.bulkDelete(list.map(keyOf));
        sent += list.length;
      } else left += list.length;
    }
    return { sent, left };
  })().finally(() => flushing.delete(db));
  flushing.set(db, run);
  return run;
}
