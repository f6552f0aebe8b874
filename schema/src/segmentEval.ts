import type { FieldSettings } from "./descriptors/effective.js";
import { compileFilter, type MatchContext } from "./filters/compile.js";
import type { Filter } from "./filters/filter.js";
import type { RelatedCondition, SegmentRelation } from "./records/segment.js";
import { segmentRelations } from "./records/segment.js";

/*
 * Who is in a filter segment — one definition of membership for the browser (the Segments
 * screen's live count, over Dexie) and the automation peer (at send time, over its projection).
 * The contact's own fields go through the list views' compiled filters (custom fields
 * included); a related condition ("has an order in the last 90 days") is turned into the set of
 * contact and account ids its matching records point at, once, so evaluating 50,000 contacts is
 * one pass over them plus one pass over each related collection.
 */

type Row = Record<string, unknown>;

export interface SegmentSource {
  /** The live (not deleted) records of a related collection. */
  rows(collection: SegmentRelation): Iterable<Row>;
}

export interface SegmentLike {
  filters: readonly Filter[];
  related: readonly RelatedCondition[];
}

export interface SegmentContext {
  now: number;
  settings?: FieldSettings;
}

/** The ids a related condition's matching records point at: contacts directly, or their accounts. */
export function relatedIds(
  condition: RelatedCondition,
  source: SegmentSource,
  ctx: SegmentContext,
): { contacts: Set<string>; accounts: Set<string> } {
  const match = matchContext(ctx);
  const test = compileFilter(condition.collection, { filters: condition.filters, mine: false }, match);
  const contacts = new Set<string>();
  const accounts = new Set<string>();
  const links = segmentRelations[condition.collection];
  for (const row of source.rows(condition.collection)) {
    if (test && !test(row)) continue;
    for (const link of links) {
      const v = row[link];
      if (typeof v !== "string" || !v) continue;
      if (link === "accountId") accounts.add(v);
      else if (link === "contactId") contacts.add(v);
      else if (link === "relatedId" && row.relatedType === "contact") contacts.add(v);
    }
  }
  return { contacts, accounts };
}

function matchContext(ctx: SegmentContext): MatchContext {
  // "Mine" means nothing to a segment (it has no viewer): no person is "me".
  return { me: { id: "\u0000", name: "\u0000" }, now: ctx.now, ...(ctx.settings ? { settings: ctx.settings } : {}) };
}

/** A predicate over contact rows for a filter segment. */
export function segmentMatcher(
  segment: SegmentLike,
  source: SegmentSource,
  ctx: SegmentContext,
): (contact: Row) => boolean {
  const own = compileFilter("contacts", { filters: segment.filters, mine: false }, matchContext(ctx));
  const related = segment.related.map((r) => ({ has: r.has === "has", ...relatedIds(r, source, ctx) }));
  return (contact) => {
    if (own && !own(contact)) return false;
    for (const r of related) {
      const id = contact.id as string;
      const account = contact.accountId as string;
      const hit = r.contacts.has(id) || (!!account && r.accounts.has(account));
      if (hit !== r.has) return false;
    }
    return true;
  };
}

/** The ids of the live contacts in a filter segment. */
export function segmentMembers(
  segment: SegmentLike,
  contacts: Iterable<Row>,
  source: SegmentSource,
  ctx: SegmentContext,
): string[] {
  const test = segmentMatcher(segment, source, ctx);
  const out: string[] = [];
  for (const c of contacts) if (!c.deletedAt && test(c)) out.push(c.id as string);
  return out;
}
