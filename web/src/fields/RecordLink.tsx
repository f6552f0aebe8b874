import type { CollectionName, StoredRecord } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { Link } from "wouter";
import { recordTitle } from "../data/recordTitle.js";
import { useRuntime } from "../runtime/context.js";

/** A referenced record by its name, linked to its page; "—" when not on this device. */
export function RecordLink({ collection, id }: { collection: CollectionName; id: string }) {
  const { db } = useRuntime();
  const title = useLiveQuery(async () => {
    const r = id ? await db.table<StoredRecord, string>(collection).get(id) : undefined;
    return r ? recordTitle(collection, r) : "";
  }, [db, collection, id]);
  return title ? <Link href={`/${collection}/${id}`}>{title}</Link> : <>—</>;
}
