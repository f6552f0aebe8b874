import { createHash } from "node:crypto";
import {
  addInboxEntry,
  forgetInboxMarks,
  hasInboxEntry,
  type InboxEntry,
  inboxDocName,
  inboxReadDocName,
  pruneInbox,
} from "@crm/schema";
import type { Job } from "../jobs/types.js";
import type { Logger } from "../logger.js";
import type { WorkspacePeer } from "../peer.js";
import type { MemberDirectory } from "./directory.js";
import { NOTIFY_JOB, type NotifyPayload, parseNotifyPayload } from "./payload.js";

/*
 * Runs `notify` jobs: one entry per recipient in their inbox document (schema's inbox.ts), written
 * through the sync protocol like any write of the peer and counted once the server stored it.
 *
 * Exactly once per job key and recipient: the entry's id is derived from both, and the job first
 * reads the inbox as the server has it. A run that crashed after the server stored the entry and
 * before the job was marked done finds it and writes nothing; one that crashed before writes it.
 * Two runs at once (a lease lost mid-run) would both write the same key with the same value:
 * still one entry.
 */

/** The id of the notification a job delivers to a person (stable across the job's runs). */
export function notificationId(jobKey: string, userId: string): string {
  return `n${createHash("sha256").update(`${jobKey}\n${userId}`).digest("hex").slice(0, 23)}`;
}

export interface DeliverOptions {
  /** Members only; without one (unit tests), every well-formed id. */
  directory?: MemberDirectory;
  logger?: Logger;
  /** Entries kept per inbox (schema's INBOX_LIMIT by default). */
  limit?: number;
}

/** Delivers one `notify` job; returns who got a new entry and who had it already. */
export async function deliverNotification(
  peer: WorkspacePeer,
  job: Pick<Job, "key" | "payload">,
  o: DeliverOptions = {},
): Promise<{ delivered: string[]; had: string[]; skipped: string[] } | { invalid: string }> {
  const payload = parseNotifyPayload(job.payload);
  if (typeof payload === "string") {
    // Retrying cannot fix a payload: the job ends, saying why (its result), and is logged.
    o.logger?.error("notify: a job with a payload that is no notification", { job: job.key, problem: payload });
    return { invalid: payload };
  }
  const to = o.directory ? o.directory.members(peer.workspace, payload.to) : payload.to;
  const skipped = payload.to.filter((id) => !to.includes(id));
  const delivered: string[] = [];
  const had: string[] = [];
  for (const user of to) {
    const entry = entryFor(notificationId(job.key, user), payload);
    const names = [inboxDocName(peer.workspace, user), inboxReadDocName(peer.workspace, user)];
    await peer.documents.use(names, async ([inbox, marks]) => {
      if (hasInboxEntry(inbox!, entry.id)) {
        had.push(user);
        return;
      }
      let removed: string[] = [];
      await peer.documents.write(inbox!, (doc) => {
        addInboxEntry(doc, entry);
        removed = pruneInbox(doc, marks!, o.limit);
      });
      if (removed.length) await peer.documents.write(marks!, (doc) => forgetInboxMarks(doc, removed));
      delivered.push(user);
    });
  }
  return { delivered, had, skipped };
}

function entryFor(id: string, p: NotifyPayload): InboxEntry {
  return {
    id,
    kind: p.kind,
    title: p.title,
    at: Date.now(),
    ...(p.body ? { body: p.body } : {}),
    ...(p.record ? { record: p.record } : {}),
    ...(p.ruleId ? { ruleId: p.ruleId } : {}),
    ...(p.actor ? { actor: p.actor } : {}),
  };
}

/** The `notify` job kind on a peer. */
export function registerNotifyJobs(peer: WorkspacePeer, o: DeliverOptions): void {
  peer.runner.register(NOTIFY_JOB, (job) => deliverNotification(peer, job, o));
}
