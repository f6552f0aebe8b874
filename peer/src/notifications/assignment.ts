import { type CollectionName, fieldsOf, recordTitle, recordTypes } from "@crm/schema";
import type { WorkspacePeer } from "../peer.js";
import type { RecordChange } from "../types.js";
import type { MemberDirectory } from "./directory.js";
import { NOTIFY_JOB, type NotifyPayload } from "./payload.js";

/*
 * Assignment notifications, a change-feed consumer: when a record's responsible person (the field
 * "Mine" filters by: an account's owner, a case's assignee, …) becomes someone other than whoever
 * made the change, that person is told. The `notify` job is enqueued in the transaction that
 * advances the consumer's cursor, keyed by the change's position in the feed and the field — so a
 * change is announced once, whatever crashes.
 */

export const ASSIGNMENT_CONSUMER = "notify.assignment";

/** The responsible field of each collection that has one (custom fields cannot be: built-in only). */
function responsibleFields(): Map<CollectionName, string[]> {
  const out = new Map<CollectionName, string[]>();
  for (const c of Object.keys(recordTypes) as CollectionName[]) {
    const keys = fieldsOf(c)
      .filter((f) => f.responsible && f.kind === "person")
      .map((f) => f.key);
    if (keys.length) out.set(c, keys);
  }
  return out;
}

/** The notifications a change calls for (pure but for the directory). */
export function assignmentsOf(
  change: RecordChange,
  fields: readonly string[],
  isMember: (userId: string) => boolean,
): { key: string; payload: NotifyPayload }[] {
  if (change.kind === "deleted") return [];
  const out: { key: string; payload: NotifyPayload }[] = [];
  for (const key of fields) {
    const to = change.fields[key]?.new;
    if (typeof to !== "string" || !to || to === change.actor || !isMember(to)) continue;
    out.push({
      key: `${NOTIFY_JOB}:assignment:${change.seq}:${key}`,
      payload: {
        to: [to],
        kind: "assignment",
        title: recordTitle(change.collection, change.record),
        record: { collection: change.collection, id: change.id },
        ...(change.actor ? { actor: change.actor } : {}),
      },
    });
  }
  return out;
}

export function consumeAssignments(peer: WorkspacePeer, directory: MemberDirectory): () => void {
  const fields = responsibleFields();
  return peer.feed.consume(
    ASSIGNMENT_CONSUMER,
    (changes) => {
      for (const change of changes) {
        const keys = fields.get(change.collection);
        if (!keys) continue;
        for (const { key, payload } of assignmentsOf(change, keys, (id) => directory.isMember(peer.workspace, id)))
          peer.jobs.enqueueNow({ kind: NOTIFY_JOB, key, payload });
      }
    },
    { collections: [...fields.keys()] },
  );
}
