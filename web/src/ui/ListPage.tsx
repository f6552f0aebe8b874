import type { CollectionName } from "@crm/schema";
import { type ReactNode, useCallback, useDeferredValue, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { useCanWrite } from "../auth/session-context.js";
import type { Row } from "../local/db.js";
import { type Column, RecordList } from "./RecordList.js";
import { useRecordList } from "./useRecordList.js";

const PAGE = 200;

/** A list screen: title, search, "New" button, the virtualized list or a helpful empty state. */
export function ListPage<R extends Row<object> & { id: string }>(props: {
  collection: CollectionName;
  /** i18n prefix: "accounts" or "contacts". */
  prefix: string;
  columns: Column<R>[];
  title(row: R): string;
  emptyActions?: ReactNode;
  /** Extra buttons in the page head, before the search box (so Tab goes search → New → rows). */
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const { collection, prefix } = props;
  const [query, setQuery] = useState(() => sessionStorage.getItem(`crm.q.${collection}`) ?? "");
  const deferred = useDeferredValue(query);
  const [limit, setLimit] = useState(PAGE);
  useEffect(() => sessionStorage.setItem(`crm.q.${collection}`, query), [collection, query]);
  const result = useRecordList<R>(collection, deferred, limit);
  const onNeedMore = useCallback(() => setLimit((l) => l + PAGE * 5), []);
  const [, navigate] = useLocation();
  const canWrite = useCanWrite(collection);

  return (
    <section className="page list-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{t(`${prefix}.title`)}</h1>
        {result && result.total > 0 && !deferred && (
          <span className="muted count">{result.total.toLocaleString()}</span>
        )}
        <div className="grow" />
        {props.actions}
        <label className="search">
          <span className="sr-only">{t(`${prefix}.searchLabel`)}</span>
          <input
            type="search"
            data-search
            aria-label={t(`${prefix}.searchLabel`)}
            placeholder={t(`${prefix}.searchPlaceholder`)}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setLimit(PAGE);
            }}
            onKeyDown={(e) => e.key === "Escape" && setQuery("")}
          />
          <span className="kbd" aria-hidden="true">
            /
          </span>
        </label>
        <button
          type="button"
          className="button primary"
          disabled={!canWrite}
          title={canWrite ? undefined : t("access.readOnly")}
          onClick={() => navigate(`/${collection}/new`)}
        >
          {t(`${prefix}.new`)}
        </button>
      </div>
      {result === undefined ? (
        <div className="record-list placeholder" aria-hidden="true" />
      ) : result.rows.length === 0 && !deferred ? (
        <div className="empty">
          <h2>{t(`${prefix}.empty`)}</h2>
          <p>{t(`${prefix}.emptyHint`)}</p>
          <div className="empty-actions">
            <button
              type="button"
              className="button primary"
              disabled={!canWrite}
              title={canWrite ? undefined : t("access.readOnly")}
              onClick={() => navigate(`/${collection}/new`)}
            >
              {t(`${prefix}.createFirst`)}
            </button>
            {canWrite && props.emptyActions}
          </div>
        </div>
      ) : result.rows.length === 0 ? (
        <p className="empty small">{t(`${prefix}.noMatch`, { q: deferred })}</p>
      ) : (
        <RecordList<R>
          label={t(`${prefix}.title`)}
          rows={result.rows}
          total={result.total}
          columns={props.columns}
          href={(r) => `/${collection}/${r.id}`}
          title={props.title}
          onNeedMore={onNeedMore}
        />
      )}
      <p className="muted small shortcuts">{t("common.shortcuts")}</p>
    </section>
  );
}
