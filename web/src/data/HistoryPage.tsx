import { type CollectionName, fieldOf, HISTORY_LIMIT, recordTypes } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { isHiddenInHistory } from "../fields/valueText.js";
import { useRuntime } from "../runtime/context.js";
import { useSettings } from "../sales/useSettings.js";
import { formatDateTime } from "../ui/dates.js";
import { recordHistory } from "./history.js";
import { fieldLabel } from "./labels.js";
import { recordTitle } from "./recordTitle.js";
import { useValueText } from "./useValueText.js";
import { Who } from "./Who.js";

/**
 * /data/history/:collection/:id — every recorded change of one record, newest first. Read from
 * the shard as stored on this device, so it shows with the server down too.
 */
export function HistoryPage({ collection, id }: { collection: string; id: string }) {
  const { t, i18n } = useTranslation();
  const { db, workspace } = useRuntime();
  const settings = useSettings();
  const known = collection in recordTypes;
  // Live on the update log: a change made while the page is open (here or by a teammate) appears at once.
  const data = useLiveQuery(
    async () => (known ? recordHistory(db, workspace, collection as CollectionName, id, settings) : null),
    [db, workspace, collection, id, known, settings],
  );
  // Values as the record's screens show them, by their descriptors: labels, names, money, dates.
  const value = useValueText(collection as CollectionName, data?.titles ?? {});
  if (data === undefined) return null;
  if (!data?.current)
    return (
      <div className="empty">
        <p>{t("data.history.notFound")}</p>
        <Link href="/data/trash" className="button">
          {t("data.history.back")}
        </Link>
      </div>
    );
  const c = collection as CollectionName;
  const live = !(typeof data.current.deletedAt === "number" && data.current.deletedAt > 0);
  const name = recordTitle(c, data.current);
  const when = (ms: number) => formatDateTime(i18n.language, ms);
  // Bookkeeping that repeats another field (an order's status history) is left out.
  const entries = [...data.entries]
    .reverse()
    .map((e) => ({
      ...e,
      changes: e.changes.filter((ch) => !isHiddenInHistory(fieldOf(c, ch.field, settings))),
    }))
    .filter((e) => e.kind !== "changed" || e.changes.length > 0);
  return (
    <section className="data-section data-history" aria-labelledby="history-title">
      <nav className="crumbs" aria-label="breadcrumb">
        {live ? (
          <Link href={`/${collection}/${id}`}>{name}</Link>
        ) : (
          <Link href="/data/trash">{t("data.trash.title")}</Link>
        )}
      </nav>
      <h2 id="history-title">{t("data.history.title", { name })}</h2>
      {entries.length === 0 ? (
        <p className="empty small">{t("data.history.none")}</p>
      ) : (
        <table className="table" aria-label={t("data.history.label")}>
          <thead>
            <tr>
              <th scope="col">{t("data.history.when")}</th>
              <th scope="col">{t("data.history.who")}</th>
              <th scope="col">{t("data.history.change")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: entries are a fixed sequence
              <tr key={i}>
                <td className="muted small">{when(e.at)}</td>
                <td>
                  <Who id={e.by} />
                </td>
                <td>
                  {e.kind !== "changed" && <strong>{t(`data.history.${e.kind}`)}</strong>}
                  {e.changes.length > 0 && (
                    <ul className="plain-list">
                      {e.changes.map((ch) => (
                        <li key={ch.field}>
                          <span className="muted">
                            {fieldLabel(t, c, ch.field, { settings, lang: i18n.language })}:
                          </span>{" "}
                          {e.kind !== "created" && (
                            <>
                              <del>{value(ch.field, ch.from) || t("data.history.empty")}</del> →{" "}
                            </>
                          )}
                          <span>{value(ch.field, ch.to) || t("data.history.empty")}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">
        {data.source === "replayed" ? t("data.history.replayed") : t("data.history.limit", { count: HISTORY_LIMIT })}
      </p>
    </section>
  );
}

/** A link to a record's field history, for record pages. */
export function HistoryLink({ collection, id }: { collection: CollectionName; id: string }) {
  const { t } = useTranslation();
  return (
    <Link href={`/data/history/${collection}/${id}`} className="button">
      {t("data.trash.history")}
    </Link>
  );
}
