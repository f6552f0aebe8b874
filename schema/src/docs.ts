import { fnv1a } from "./ids.js";

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
 */

export const DEFAULT_WORKSPACE = "default";

const SEGMENT = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export type DocName =
  | { kind: "records"; workspace: string; collection: string; shard: number }
  | { kind: "notes"; workspace: string; typeName: string; recordId: string };

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

/** Parses a document name; anything else (null) is refused by the server and the client. */
export function parseDocName(name: string): DocName | null {
  if (name.length > 200) return null;
  const parts = name.split("/");
  if (parts.length !== 4 || !parts.every((p) => SEGMENT.test(p))) return null;
  const [workspace, kind, a, b] = parts as [string, string, string, string];
  if (kind === "records") {
    if (!/^\d{2,4}$/.test(b)) return null;
    return { kind, workspace, collection: a, shard: Number(b) };
  }
  if (kind === "notes") return { kind, workspace, typeName: a, recordId: b };
  return null;
}
