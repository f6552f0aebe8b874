import type { StoredRecord } from "./record.js";
import { type Contact, contactName } from "./records/contact.js";
import type { CollectionName } from "./recordTypes.js";

/** What a person calls a record of any type: a name, a subject, a number — else its id. */
export function recordTitle(collection: CollectionName, r: StoredRecord): string {
  if (collection === "contacts" || collection === "leads") {
    const n = contactName(r as unknown as Contact);
    if (n) return n;
  }
  for (const k of ["name", "subject", "number", "title", "sku"]) {
    const v = r[k];
    if ((typeof v === "string" && v) || typeof v === "number") return String(v);
  }
  return String(r.id ?? "");
}
