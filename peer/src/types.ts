import type { CollectionName, FieldIssue, StoredRecord } from "@crm/schema";

/*
 * The peer's public vocabulary: what rules, webhooks, notifications, the calendar feed and the
 * MCP endpoint build on (see CONTEXT.md for how they fit).
 */

/** A record as the peer (and the REST API) gives it: migrated to the current version, `_v` left out. */
export type PeerRecord = StoredRecord & { id: string };

/** How a record changed. A restore (deletedAt back to none) is an "updated". */
export type ChangeKind = "created" | "updated" | "deleted";

/** One field's value before and after a change (`null` before, for a created record). */
export interface FieldChange {
  old: unknown;
  new: unknown;
}

/**
 * A change to one record, derived from the Yjs transaction that made it (by anyone: a browser, an
 * import, the API, a rule). Several writes the server delivers in one message may arrive as one
 * change. Bookkeeping fields (`updatedAt`, `updatedBy`) are never in `fields`.
 */
export interface RecordChange {
  /** Position in the durable feed (increasing); 0 for changes not recorded (before the first sync). */
  seq: number;
  workspace: string;
  collection: CollectionName;
  id: string;
  kind: ChangeKind;
  /** Changed fields, old → new. For "created", every field of the new record (old: null). */
  fields: Record<string, FieldChange>;
  /**
   * Who made it: the record's `updatedBy` after the change (`createdBy` for a created record) — a
   * user id, `token:<id>` for API callers with a token, as the writer stamped it.
   */
  actor: string;
  /** The record's `updatedAt` (`createdAt` when created): when the writer made the change, ms. */
  at: number;
  /** "local": written by this peer (the API, a job); "remote": arrived from the server. */
  origin: "local" | "remote";
  /** The whole record after the change. */
  record: PeerRecord;
}

/** Who a write is made as: stamped into `createdBy`/`updatedBy` and the field history. */
export interface WriteActor {
  /** A user id, `token:<id>`, or `automation` for the peer's own work. */
  actor: string;
}

export type WriteResult =
  | { ok: true; record: PeerRecord; created: boolean }
  | { ok: false; status: 404 | 409 | 422; code: "not-found" | "deleted" | "invalid"; issues: FieldIssue[] };

/** A write that the server did not acknowledge in time (it is stored by the peer and will be sent). */
export class NotAcknowledgedError extends Error {
  constructor(readonly docName: string) {
    super(`the sync server did not confirm storing ${docName} in time; the change is kept and will be sent`);
  }
}

/** The peer cannot serve (its database failed, or it was closed). */
export class PeerUnavailableError extends Error {}
