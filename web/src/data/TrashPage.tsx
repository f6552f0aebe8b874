import { allShardDocNames, type CollectionName, recordsOf, recordTypes, type StoredRecord } from "@crm/schema";
import { useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { formatDateTime } from "../ui/dates.js";
import { recordTitle } from "./recordTitle.js";
import { Who } from "./Who.js";

const collections = Object.keys(recordTypes) as CollectionName[];
type Deleted = StoredRecord & { id: string; deletedAt: number };

/*
 * Deleted records are not in the projection (lists never see them), so the trash reads the shard
 * documents of the chosen type: each is decoded once (store.openDoc keeps it open and synced) and
 * watched, so a teammate's delete or restore shows up here too. Rows an import rolled back
 * (`importCancelled`) were never anyone's records and are not offered.
 */
function useTrash(collection: CollectionName): Deleted[] | undefined {
  const { store, workspace } = useRuntime();
  const [items, setItems] = useState<Deleted[] | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    setItems(undefined);
    const names = allShardDocNames(workspace, recordTypes[collection]);
    const cleanups: (() => void)[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    void Promise.all(names.map((n) => store.openDoc(n))).then((docs) => {
      if (stopped) return;
      const scan = () => {
        const out: Deleted[] = [];
        for (const doc of docs)
          for (const [id, rec] of recordsOf(doc)) {
            const deletedAt = rec.get("deletedAt");
            if (typeof deletedAt === "number" && deletedAt > 0 && !rec.get("importCancelled"))
              out.push({ ...(rec.toJSON() as StoredRecord), id, deletedAt });
          }
        out.sort((a, b) => b.deletedAt - a.deletedAt);
        setItems(out);
      };
      scan();
      const onUpdate = () => {
        clearTimeout(timer);
        timer = setTimeout(scan, 100);
      };
      for (const doc of docs) {
        doc.on("update", onUpdate);
        cleanups.push(() => doc.off("update", onUpdate));
      }
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const c of cleanups) c();
    };
  }, [store, workspace, collection]);
  return items;
}

export function TrashPage() {
  const { t, i18n } = useTranslation();
  const { store } = useRuntime();
  const [collection, setCollection] = useState<CollectionName>("accounts");
  const [restored, setRestored] = useState<string | null>(null);
  const items = useTrash(collection);
  const canWrite = useCanWrite(collection);
  const kindId = useId();
  const when = useCallback((ms: number) => formatDateTime(i18n.language, ms), [i18n.language]);

  return (
    <section className="data-section" aria-labelledby="trash-title">
      <h2 id="trash-title">{t("data.trash.title")}</h2>
      <p className="muted">{t("data.trash.intro")}</p>
      <div className="data-pick">
        <div className="field">
          <label htmlFor={kindId}>{t("data.trash.which")}</label>
          <select
            id={kindId}
            value={collection}
            onChange={(e) => {
              setCollection(e.target.value as CollectionName);
              setRestored(null);
            }}
          >
            {collections.map((c) => (
              <option key={c} value={c}>
                {t(`data.types.${c}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {restored && (
        <p className="data-notice" role="status">
          {restored}
        </p>
      )}
      {items === undefined ? (
        <p className="muted">{t("data.trash.loading", { type: t(`data.types.${collection}`) })}</p>
      ) : items.length === 0 ? (
        <p className="empty small">{t("data.trash.empty")}</p>
      ) : (
        <table className="table" aria-labelledby="trash-title">
          <tbody>
            {items.map((r) => {
              const title = recordTitle(collection, r);
              return (
                <tr key={r.id}>
                  <th scope="row" className="data-title">
                    {title}
                  </th>
                  <td className="muted small">
                    {`${t("data.trash.deletedAt", { when: when(r.deletedAt) })} ${t("data.trash.by")} `}
                    <Who id={String(r.updatedBy ?? "")} />
                    {r.mergedInto ? ` · ${t("data.trash.mergedInto")}` : ""}
                  </td>
                  <td className="actions">
                    <Link href={`/data/history/${collection}/${r.id}`} className="button small">
                      {t("data.trash.history")}
                    </Link>{" "}
                    <button
                      type="button"
                      className="button small primary"
                      disabled={!canWrite}
                      title={canWrite ? undefined : t("access.readOnly")}
                      aria-label={`${t("data.trash.restore")} ${title}`}
                      onClick={async () => {
                        await store.restore(collection, r.id);
                        setRestored(t("data.trash.restored", { name: title }));
                      }}
                    >
                      {t("data.trash.restore")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
