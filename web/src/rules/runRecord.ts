import { type CollectionName, recordTypes } from "@crm/schema";

/*
 * The Record cell of a rule's run log. The log (the server's) names a record by collection and
 * id; the person knows it by its name, read from this device as list cells read theirs
 * (views/RecordName.tsx). A record not on this device — purged from the trash, or of a type the
 * person's role does not sync — or a collection this app does not know still says what it was:
 * its type and the start of its id, without a link to a page that would not open.
 */

export type RunRecordView =
  | { kind: "named"; name: string; href: string }
  | { kind: "reading" }
  | { kind: "gone"; shortId: string };

export function isCollection(collection: string): collection is CollectionName {
  return Object.hasOwn(recordTypes, collection);
}

/** `title`: the record's name on this device; undefined while read, null when it is not here. */
export function runRecordView(collection: string, id: string, title: string | null | undefined): RunRecordView {
  const shortId = id.slice(0, 8);
  if (!isCollection(collection) || title === null) return { kind: "gone", shortId };
  if (title === undefined) return { kind: "reading" };
  return { kind: "named", name: title || shortId, href: `/${collection}/${encodeURIComponent(id)}` };
}
