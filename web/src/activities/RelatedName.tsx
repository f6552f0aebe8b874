import type { StoredRecord } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { recordTitle } from "../data/recordTitle.js";
import { hasKey } from "../i18n/keys.js";
import { useRuntime } from "../runtime/context.js";
import { relatedCollection } from "./activityRecord.js";

/** "Case: Printer jams" as a link to the record an activity is about, looked up locally. */
export function RelatedName({ type, id, link = true }: { type: string; id: string; link?: boolean }) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const collection = relatedCollection(type);
  // undefined while reading, null when the record is not on this device (deleted, or not readable).
  const title = useLiveQuery(async () => {
    if (!collection || !id) return null;
    const r = (await db.table(collection).get(id)) as StoredRecord | undefined;
    return r ? recordTitle(collection, r) : null;
  }, [db, collection, id]);
  if (!collection || !id) return <span className="muted">—</span>;
  const text = `${hasKey("activities.types", type) ? t(`activities.types.${type}`) : type}: ${title ?? (title === null ? t("activities.gone") : "…")}`;
  return link && title ? <Link href={`/${collection}/${id}`}>{text}</Link> : text;
}
