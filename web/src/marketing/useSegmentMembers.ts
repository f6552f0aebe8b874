import {
  type FieldSettings,
  type SegmentLike,
  type SegmentRelation,
  segmentMembers,
  segmentRelations,
} from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useRuntime } from "../runtime/context.js";

/*
 * A segment's members, live: Dexie's liveQuery re-runs the evaluation whenever the contacts or a
 * related table it read change (an edit on this device, or a teammate's arriving through sync), so
 * the count follows the records. The same matcher the automation peer uses at send time
 * (schema/src/segmentEval.ts).
 */

export interface LiveMembers {
  count: number;
  /** The first members, for the list. */
  first: Record<string, unknown>[];
  ms: number;
}

const FIRST = 50;

export function useSegmentMembers(segment: SegmentLike, settings: FieldSettings | undefined): LiveMembers | undefined {
  const { db } = useRuntime();
  const key = JSON.stringify(segment);
  return useLiveQuery(async () => {
    const started = performance.now();
    const def = JSON.parse(key) as SegmentLike;
    const needed = [...new Set(def.related.map((r) => r.collection))].filter((c) => c in segmentRelations);
    const tables = new Map<SegmentRelation, Record<string, unknown>[]>();
    for (const c of needed) {
      const rows = (await db.table(c).toArray()) as Record<string, unknown>[];
      tables.set(
        c,
        rows.filter((r) => !r.deletedAt),
      );
    }
    const contacts = (await db.contacts.toArray()) as unknown as Record<string, unknown>[];
    const ids = segmentMembers(def, contacts, { rows: (c) => tables.get(c) ?? [] }, { now: Date.now(), settings });
    const byId = new Map<string, Record<string, unknown>>(contacts.map((c) => [c.id as string, c]));
    return {
      count: ids.length,
      first: ids.slice(0, FIRST).flatMap((id): Record<string, unknown>[] => {
        const c = byId.get(id);
        return c ? [c] : [];
      }),
      ms: performance.now() - started,
    };
  }, [db, key, settings]);
}
