import type { CollectionName } from "@crm/schema";
import { type ReactNode, useCallback, useDeferredValue, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { useCanWrite } from "../auth/session-context.js";
import type { Row } from "../local/db.js";
import { findField } from "../views/fields.js";
import { useListView } from "../views/useListView.js";
import { useViewRows } from "../views/useViewRows.js";
import { useGroupLabel, ViewBar } from "../views/ViewBar.js";
import { defaultView, isPlainView } from "../views/view.js";
import { type Column, RecordList } from "./RecordList.js";

const PAGE = 200;

/** The tables of strings a list page reads its words from (the compiler checks each has them). */
export type ListStrings = "accounts" | "contacts" | "activities" | "sales.orders" | "sales.products" | "sales.quotes";
/** Orders are made from quotes: their list has no New button, and its table no words for one. */
const hasNew = (prefix: ListStrings): prefix is Exclude<ListStrings, "sales.orders"> => prefix !== "sales.orders";

/**
 * A list screen: title, the view bar (saved views, filters, sort, group, mine), search, "New",
 * the virtualized list or a helpful empty state.
 */
export function ListPage<R extends Row<object> & { id: string }>(props: {
  collection: CollectionName;
  /** i18n prefix: "accounts" or "contacts"; its table has the list's words (title, empty …). */
  prefix: ListStrings;
  columns: Column<R>[];
  title(row: R): string;
  emptyActions?: ReactNode;
  /** Extra buttons in the page head, before the search box (so Tab goes search → New → rows). */
  actions?: ReactNode;
  /** The "New" button's target; none: no New button (orders are made from quotes). */
  newHref?: string | null;
  /** What the empty list offers instead of "create your first" (when there is no New). */
  emptyPrimary?: ReactNode;
}) {
  const { t } = useTranslation();
  const { collection, prefix } = props;
  const list = useListView(collection);
  const { view, setView } = list;
  const deferred = useDeferredValue(view);
  const [limit, setLimit] = useState(PAGE);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const result = useViewRows<R>(collection, deferred, limit, collapsed);
  const onNeedMore = useCallback(() => setLimit((l) => l + PAGE * 5), []);
  const [, navigate] = useLocation();
  const canWrite = useCanWrite(collection);
  const groupLabel = useGroupLabel(collection, deferred.groupBy);
  const newHref = props.newHref === undefined ? `/${collection}/new` : props.newHref;
  const query = deferred.query.trim();
  const plain = isPlainView(deferred);
  const columns = props.columns.map((c) => {
    const field = findField(collection, c.key);
    // A reference sorts by its id, which means nothing to a reader: not sortable.
    return { ...c, sortField: c.sortField ?? (field && field.kind !== "reference" ? c.key : undefined) };
  });
  const newButton = (words: "new" | "createFirst") =>
    newHref &&
    hasNew(prefix) && (
      <button
        type="button"
        className="button primary"
        disabled={!canWrite}
        title={canWrite ? undefined : t("access.readOnly")}
        onClick={() => navigate(newHref)}
      >
        {t(`${prefix}.${words}`)}
      </button>
    );

  return (
    <section className="page list-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{t(`${prefix}.title`)}</h1>
        {result && result.total > 0 && !query && (
          <span className="muted count">
            {plain
              ? result.total.toLocaleString()
              : t("views.matching", { count: result.total, n: result.total.toLocaleString() })}
          </span>
        )}
        <div className="grow" />
        <ViewBar collection={collection} list={list} />
        {props.actions}
        <label className="search">
          <span className="sr-only">{t(`${prefix}.searchLabel`)}</span>
          <input
            type="search"
            data-search
            aria-label={t(`${prefix}.searchLabel`)}
            placeholder={t(`${prefix}.searchPlaceholder`)}
            value={view.query}
            onChange={(e) => {
              setView({ ...view, query: e.target.value });
              setLimit(PAGE);
            }}
            onKeyDown={(e) => e.key === "Escape" && setView({ ...view, query: "" })}
          />
          <span className="kbd" aria-hidden="true">
            /
          </span>
        </label>
        {newButton("new")}
      </div>
      {result?.progress && (
        <p className="muted small scan-progress" role="status">
          {t("views.scanning", {
            done: result.progress.done.toLocaleString(),
            total: result.progress.total.toLocaleString(),
          })}
          <progress max={result.progress.total} value={result.progress.done} />
        </p>
      )}
      {result === undefined || (result.progress && result.items.length === 0) ? (
        <div className="record-list placeholder" aria-hidden="true" />
      ) : result.itemCount === 0 && plain && !query ? (
        <div className="empty">
          <h2>{t(`${prefix}.empty`)}</h2>
          <p>{t(`${prefix}.emptyHint`)}</p>
          <div className="empty-actions">
            {props.emptyPrimary ?? newButton("createFirst")}
            {canWrite && props.emptyActions}
          </div>
        </div>
      ) : result.itemCount === 0 && plain ? (
        <p className="empty small">{t(`${prefix}.noMatch`, { q: query })}</p>
      ) : result.itemCount === 0 ? (
        <div className="empty small">
          <p>{query ? t(`${prefix}.noMatch`, { q: query }) : t("views.noMatch")}</p>
          <p className="muted">{t("views.noMatchHint")}</p>
          <button type="button" className="button" onClick={() => setView({ ...defaultView, query: view.query })}>
            {t("views.clearFilters")}
          </button>
        </div>
      ) : (
        <RecordList<R>
          label={t(`${prefix}.title`)}
          rows={result.items}
          total={result.itemCount}
          columns={columns}
          href={(r) => `/${collection}/${r.id}`}
          title={props.title}
          onNeedMore={onNeedMore}
          sort={view.sort}
          onSort={(field) =>
            setView({
              ...view,
              sort: { field, dir: view.sort?.field === field && view.sort.dir === "asc" ? "desc" : "asc" },
            })
          }
          groupLabel={groupLabel}
          onToggleGroup={(value) =>
            setCollapsed((prev) => {
              const next = new Set(prev);
              if (!next.delete(value)) next.add(value);
              return next;
            })
          }
        />
      )}
      <p className="muted small shortcuts">{t("common.shortcuts")}</p>
    </section>
  );
}
