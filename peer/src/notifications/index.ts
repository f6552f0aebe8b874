import type Database from "better-sqlite3";
import type { ApiExtension } from "../api/app.js";
import type { Logger } from "../logger.js";
import type { WorkspacePeer } from "../peer.js";
import { consumeAssignments } from "./assignment.js";
import { registerNotifyJobs } from "./deliver.js";
import { MemberDirectory } from "./directory.js";
import { mentionRoutes } from "./mentions.js";

/*
 * In-app notifications (peer/CONTEXT.md, "Notifications"): the `notify` job kind, the assignment
 * producer, and the mention route. Attached by features.ts.
 */

export { assignmentsOf } from "./assignment.js";
export { deliverNotification, notificationId } from "./deliver.js";
export { NOTIFY_JOB, type NotifyPayload, parseNotifyPayload } from "./payload.js";

/** The `notify` jobs and the assignment consumer, on a peer that runs jobs. */
export function attachNotifications(peer: WorkspacePeer, env: { shared: Database.Database; logger: Logger }): void {
  const directory = new MemberDirectory(env.shared);
  registerNotifyJobs(peer, { directory, logger: env.logger });
  consumeAssignments(peer, directory);
}

/** `/api/v1/notifications/…`. */
export function notificationsApi(env: { shared: Database.Database; logger: Logger }): ApiExtension {
  return mentionRoutes(new MemberDirectory(env.shared), env.logger);
}
