import { fnv1a } from "./ids.js";
import { recordTypes } from "./recordTypes.js";

/*
 * How records are grouped into Yjs documents — and why.
 *
 * - Records of one type are spread over a fixed number of *shard* documents per workspace,
 *   chosen by a stable hash of the record id: `<workspace>/records/<collection>/<shard>`.
 *   A whole-table document cannot be decoded before the first paint at 20k accounts (DESIGN.md:
 *   0.9 s to apply, 63 MiB of heap); a document per record would mean 70k+ documents to
 *   exchange state vectors for on every connect. A few dozen shards of a few hundred records
 *   keep each decode to tens of milliseconds and the connect handshake to a few dozen messages.
 * - Inside a shard, `records` is a Y.Map from id to a Y.Map of fields, so two people editing
 *   different fields of the same record both keep their edit (field-level merge).
 * - Rich notes are a document of their own per record: `<workspace>/notes/<typeName>/<id>`,
 *   loaded only when someone opens them; they are larger and live-edited character by character.
 * - Access is decided per document name: the workspace and record type are in the name, so the
 *   server can check a role's rights before sending a byte.
 * - The first paint never waits for Yjs: the web app keeps an indexed projection of every record
 *   in IndexedDB and decodes shard documents in the background.
 *
 * Shard counts (each type's `shards`, fixed forever: changing one moves records between
 * documents). Two costs pull apart: every record document is one more subscription in the sync
 * handshake of every connect (the web app subscribes all of them, cold), and a bigger shard is
 * more Yjs to decode when one of its records is opened for editing. Accounts and contacts keep
 * their counts (~600–800 per shard); the issue-4 types aim at ~1,200–2,000 records per shard,
 * which keeps a decode under ~100 ms and the whole workspace at 353 record documents. Measured
 * with `npx tsx schema/bench/demo.bench.ts big` (shard 00, Node 20, this noisy 2-core machine):
 *   collection       shards  records/shard  encoded   decode
 *   accounts             32       630         373 KB   84–105 ms (the first decode pays JIT warm-up)
 *   contacts             64       771         301 KB    45 ms
 *   products              1     1,000         344 KB    25 ms (a price book is read whole)
 *   opportunities         8     1,871         887 KB    76 ms
 *   leads                 8     1,250         754 KB    54 ms
 *   quotes               16     1,241         802 KB    46 ms
 *   orders              128     1,960       1,581 KB    70 ms (one run: 217 ms, a GC pause)
 *   cases                16     1,547         843 KB    63 ms
 *   surveyResponses      16     1,869         710 KB    52 ms
 *   activities           64     1,528         660 KB    43 ms
 * The first layout (~800 per shard everywhere, 609 documents) made the convergence fuzz, which
 * connects and reloads many devices, 3.6× slower than with accounts and contacts alone; this
 * one makes it 2.3× (12 seeds: 5.8 s → 13.4 s). Orders are big in bytes because their lines are
 * a JSON array inside the record, which decodes as one value. Powers of two keep `fnv1a % shards`
 * even.
 * Quote and order lines are a plain array inside the record (record-level value, replaced whole):
 * lines are edited together, and a Y.Array of Y.Maps per order would multiply the structs to
 * decode for a merge nobody needs.
 *
 * Workspace settings are one document, `<workspace>/settings/workspace/main`: tiny, read whole
 * by every client at startup, written only by admins — a document of its own lets the server
 * grant "read everyone, write admins" by name, and keeps settings out of any record shard.
 * The `workspace` segment leaves room for other settings scopes (a team's, a user's) later.
 *
 * Each person has an inbox of in-app notifications (inbox.ts), in two documents of their own:
 * `<workspace>/inbox/person/<userId>` (the notifications; only the automation peer writes it, so
 * nobody can forge one, and only its person reads it) and `<workspace>/inbox/read/<userId>` (which
 * of them the person has read or dismissed: the one thing a person writes about their
 * notifications). Two documents, not one, because the server grants rights by document name: a
 * person may write the second and only read the first, so the rule is enforced without decoding
 * an update. Both are small (inbox.ts keeps at most INBOX_LIMIT entries) and private.
 */

export const DEFAULT_WORKSPACE = "default";

/** A workspace id: lowercase letters, digits, `_` and `-`, at most 64 characters. */
const WORKSPACE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * A record id as the app makes them (`newId`: 20 base-36 characters; demo ids like `a7x00012`):
 * lowercase letters, digits, `_` and `-`, at most 64 characters.
 */
const RECORD_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function isRecordId(id: string): boolean {
  return RECORD_ID.test(id);
}

/**
 * Notes documents that exist once per workspace, under the id `all` (access.ts:
 * `savedQueriesDocName`, `savedViewsDocName`), besides one per record of each record type.
 */
const WORKSPACE_NOTES = new Set(["savedQuery", "savedView"]);
const RECORD_NOTES = new Set<string>(Object.values(recordTypes).map((t) => t.typeName));
const SHARDS = new Map<string, number>(Object.values(recordTypes).map((t) => [t.collection, t.shards]));

export type DocName =
  | { kind: "records"; workspace: string; collection: string; shard: number }
  | { kind: "notes"; workspace: string; typeName: string; recordId: string }
  | { kind: "settings"; workspace: string; scope: "workspace" }
  | { kind: "inbox"; workspace: string; box: InboxBox; userId: string };

/** The two documents of a person's inbox: the notifications, and what the person read/dismissed. */
export type InboxBox = "person" | "read";

export function shardOf(recordId: string, shards: number): number {
  return fnv1a(recordId) % shards;
}

export function shardDocName(workspace: string, collection: string, shard: number): string {
  return `${workspace}/records/${collection}/${String(shard).padStart(2, "0")}`;
}

export function recordDocName(workspace: string, type: { collection: string; shards: number }, recordId: string) {
  return shardDocName(workspace, type.collection, shardOf(recordId, type.shards));
}

export function allShardDocNames(workspace: string, type: { collection: string; shards: number }): string[] {
  return Array.from({ length: type.shards }, (_, i) => shardDocName(workspace, type.collection, i));
}

export function noteDocName(workspace: string, typeName: string, recordId: string): string {
  return `${workspace}/notes/${typeName}/${recordId}`;
}

/** The workspace settings document (settings.ts). */
export function settingsDocName(workspace: string): string {
  return `${workspace}/settings/workspace/main`;
}

/** A person's notifications (written by the automation peer, read by that person only). */
export function inboxDocName(workspace: string, userId: string): string {
  return `${workspace}/inbox/person/${userId}`;
}

/** What a person has read and dismissed of their notifications (written by that person). */
export function inboxReadDocName(workspace: string, userId: string): string {
  return `${workspace}/inbox/read/${userId}`;
}

/**
 * Parses a document name; anything else (null) is refused by the server and the client. Strict:
 * only the canonical spelling the functions above produce is a document, so one document has one
 * name (`accounts/07`, never `accounts/7` or `accounts/0007`), and only documents that can exist
 * are names: a known record collection and a shard below its count, a notes document of a known
 * type with a record id (or `all` for the workspace-wide ones), the workspace settings, a person's
 * two inbox documents (a user id: the same shape as a record id). The
 * server and the web app share this function, so they agree on what a document is.
 */
export function parseDocName(name: string): DocName | null {
  if (name.length > 200) return null;
  const parts = name.split("/");
  if (parts.length !== 4) return null;
  const [workspace, kind, a, b] = parts as [string, string, string, string];
  if (!WORKSPACE_ID.test(workspace)) return null;
  if (kind === "settings") return a === "workspace" && b === "main" ? { kind, workspace, scope: a } : null;
  if (kind === "inbox")
    return (a === "person" || a === "read") && RECORD_ID.test(b) ? { kind, workspace, box: a, userId: b } : null;
  if (kind === "records") {
    const shards = SHARDS.get(a);
    if (shards === undefined || !/^\d{2,3}$/.test(b)) return null;
    const shard = Number(b);
    if (shard >= shards || b !== String(shard).padStart(2, "0")) return null;
    return { kind, workspace, collection: a, shard };
  }
  if (kind === "notes") {
    if (WORKSPACE_NOTES.has(a)) return b === "all" ? { kind, workspace, typeName: a, recordId: b } : null;
    if (!RECORD_NOTES.has(a) || !RECORD_ID.test(b)) return null;
    return { kind, workspace, typeName: a, recordId: b };
  }
  return null;
}
