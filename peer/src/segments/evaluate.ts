import { type SegmentLike, type SegmentRelation, segmentMatcher } from "@crm/schema";
import { collectionTable } from "../db/tables.js";
import type { WorkspacePeer } from "../peer.js";

/*
 * A filter segment's members at send time, over the peer's projection: one SELECT of the live
 * contacts' stored JSON and one of each related collection a condition names, through the same
 * matcher the browser's Segments screen uses (schema/src/segmentEval.ts). Nothing is cached: the
 * projection is current with every change the peer has seen, so the answer is "who is in it now".
 * 50,000 contacts take ~0.3 s here (`npm run bench:segment`).
 */

export interface SegmentEvaluation {
  ids: string[];
  /** Contacts looked at. */
  scanned: number;
  ms: number;
}

function* liveRows(peer: WorkspacePeer, collection: "contacts" | SegmentRelation): Generator<Record<string, unknown>> {
  const { table } = collectionTable(collection);
  const stmt = peer.db.prepare(`SELECT _data FROM "${table}" WHERE _deleted = 0`).pluck();
  for (const json of stmt.iterate() as Iterable<string>) yield JSON.parse(json) as Record<string, unknown>;
}

export function evaluateSegment(peer: WorkspacePeer, segment: SegmentLike, now = Date.now()): SegmentEvaluation {
  const started = performance.now();
  const test = segmentMatcher(
    segment,
    { rows: (collection) => liveRows(peer, collection) },
    { now, settings: peer.settings() },
  );
  const ids: string[] = [];
  let scanned = 0;
  for (const c of liveRows(peer, "contacts")) {
    scanned++;
    if (test(c)) ids.push(c.id as string);
  }
  return { ids, scanned, ms: performance.now() - started };
}
