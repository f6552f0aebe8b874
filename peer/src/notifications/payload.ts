import { type InboxKind, inboxKinds, isRecordId } from "@crm/schema";

/*
 * The `notify` job (peer/CONTEXT.md, "Notifications"): the seam through which every feature asks
 * for an in-app notification — rules ("notify people", a task due), webhooks (an endpoint
 * disabled), and this folder's assignment and mention producers. Agreed in the brief;
 * its shape does not change without the features that enqueue it.
 */

export const NOTIFY_JOB = "notify";

export interface NotifyPayload {
  /** User ids (members of the workspace; anyone else is skipped). */
  to: string[];
  kind: InboxKind;
  title: string;
  body?: string;
  record?: { collection: string; id: string };
  ruleId?: string;
  /** Who caused it (a user id; `automation` for the peer's own work). */
  actor?: string;
}

const TITLE_MAX = 500;
const BODY_MAX = 2000;

/** The payload, checked: a message naming what is wrong, or the payload. */
export function parseNotifyPayload(value: unknown): NotifyPayload | string {
  if (!value || typeof value !== "object") return "the payload is not an object";
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.to) || !v.to.every((x) => typeof x === "string")) return "to: a list of user ids";
  if (typeof v.kind !== "string" || !(inboxKinds as readonly string[]).includes(v.kind))
    return `kind: one of ${inboxKinds.join(", ")}`;
  if (typeof v.title !== "string" || !v.title.trim()) return "title: a non-empty string";
  const out: NotifyPayload = {
    to: [...new Set(v.to as string[])].filter(isRecordId),
    kind: v.kind as InboxKind,
    title: v.title.slice(0, TITLE_MAX),
  };
  if (typeof v.body === "string" && v.body) out.body = v.body.slice(0, BODY_MAX);
  const r = v.record as Record<string, unknown> | undefined;
  if (r !== undefined && r !== null) {
    if (typeof r !== "object" || typeof r.collection !== "string" || typeof r.id !== "string")
      return "record: { collection, id }";
    out.record = { collection: r.collection, id: r.id };
  }
  if (typeof v.ruleId === "string") out.ruleId = v.ruleId;
  if (typeof v.actor === "string") out.actor = v.actor;
  return out;
}
