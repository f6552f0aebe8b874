import type { CollectionName } from "@crm/schema";
import { type ReactNode, useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import type { Row } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { ColumnChooser } from "../views/ColumnChooser.js";
import type { MatchContext } from "../views/filter.js";
import { type ChooserModel, type ListColumnsSpec, useListColumns } from "../views/useListColumns.js";
import { type ListSettings, useListSettings } from "../views/useListSettings.js";
import { type ListView, useListView } from "../views/useListView.js";
import { useMemoryViewRows, useViewRows, type ViewRows } from "../views/useViewRows.js";
import { useGroupLabel, ViewBar } from "../views/ViewBar.js";
import { defaultView, isPlainView, type View } from "../views/view.js";
import { usePersonLabel } from "./Person.js";
import { type Column, RecordList } from "./RecordList.js";

const PAGE = 200;

type AnyRow = Row<object> & { id: string };

/** The tables of strings a list page reads its words from (the compiler checks each has them). */
export type ListStrings =
  | "accounts"
  | "contacts"
  | "activities"
  | "service"
  | "sales.leads"
  | "sales.orders"
  | "sales.products"
  | "sales.quotes";
/** Orders are made from quotes: their list has no New button, and its table no words for one. */
const hasNew = (prefix: ListStrings): prefix is Exclude<ListStrings, "sales.orders"> => prefix !== "sales.orders";

export interface ListPageProps<R extends AnyRow> {
  collection: CollectionName;
  /** i18n prefix: "accounts" or "sales.leads"; its table has the list's words (title, empty …). */
  prefix: ListStrings;
  /** How this list draws its columns beyond what the descriptors say (views/useListColumns.ts). */
  columns: ListColumnsSpec<R>;
  title(row: R): string;
  emptyActions?: ReactNode;
  /** Extra buttons in the page head, before the search box (so Tab goes search → New → rows). */
  actions?: ReactNode;
  /** The "New" button's target; none: no New button (orders are made from quotes). */
  newHref?: string | null;
  /** What the empty list offers instead of "create your first" (when there is no New). */
  emptyPrimary?: ReactNode;
  /** Under the head, above the rows (the cases' "All · Needs attention" tabs). */
  nav?: ReactNode;
  /**
   * Rows the list holds in memory instead of reading the projection page by page (leads, with
   * their live score): filtered, sorted and grouped at once; `order` is the list's own order.
   */
  memory?: { rows: R[] | undefined; order?(a: R, b: R): number };
}

/**
 * A list screen: title, the view bar (saved views, filters, sort, group, mine, columns), search,
 * "New", the virtualized list or a helpful empty state. Columns, filters, sorts and groups come
 * from the collection's field descriptors, custom fields included.
 */
export function ListPage<R extends AnyRow>(props: ListPageProps<R>) {
  return props.memory ? <MemoryListPage {...props} memory={props.memory} /> : <IndexedListPage {...props} />;
}

function IndexedListPage<R extends AnyRow>(props: ListPageProps<R>) {
  const state = usePageState(props);
  const result = useViewRows<R>(
    props.collection,
    state.view,
    state.limit,
    state.collapsed,
    state.fields.ready ? state.context : null,
  );
  return <ListFrame {...props} state={state} result={result} />;
}

function MemoryListPage<R extends AnyRow>(
  props: ListPageProps<R> & { memory: NonNullable<ListPageProps<R>["memory"]> },
) {
  const state = usePageState(props);
  const result = useMemoryViewRows<R>(
    props.collection,
    props.memory.rows,
    state.view,
    state.collapsed,
    state.context,
    props.memory.order,
  );
  return <ListFrame {...props} state={state} result={result} />;
}

/** The view on screen, the workspace's fields, the columns: what both kinds of list share. */
export function usePageState<R extends AnyRow>(props: Pick<ListPageProps<R>, "collection" | "columns">) {
  const list = useListView(props.collection);
  const view = useDeferredValue(list.view);
  const fields = useListSettings(!isPlainView(list.view));
  const { me } = useRuntime();
  const person = usePersonLabel();
  const context = useMemo<Omit<MatchContext, "now">>(
    () => ({ me, settings: fields.settings, personName: (id: string) => person(id).text }),
    [me, fields.settings, person],
  );
  const [limit, setLimit] = useState(PAGE);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const { columns, chooser } = useListColumns(props.collection, props.columns, list.view.columns, fields.settings);
  return { list, view, fields, context, limit, setLimit, collapsed, setCollapsed, columns, chooser };
}

export type PageState<R extends AnyRow> = ReturnType<typeof usePageState<R>>;

/**
 * The view bar with the column chooser. Drawn after the first rows of a plain list (the startup
 * benchmark times those rows; the bar is not needed for them): a placeholder keeps its line.
 */
export function ListViewBar(props: {
  collection: CollectionName;
  list: ListView;
  fields: ListSettings;
  chooser?: ChooserModel;
  rowsShown: boolean;
  sort?: boolean;
  group?: boolean;
}) {
  const { list, chooser } = props;
  const plain = isPlainView(list.view);
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (late || !props.rowsShown) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setLate(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [late, props.rowsShown]);
  if (plain && !late) return <div className="view-bar-placeholder" aria-hidden="true" />;
  return (
    <ViewBar
      collection={props.collection}
      list={list}
      settings={props.fields.settings}
      sort={props.sort}
      group={props.group}
    >
      {chooser && (
        <ColumnChooser model={chooser} onChange={(columns) => list.setView(withColumns(list.view, columns, chooser))} />
      )}
    </ViewBar>
  );
}

/**
 * The view with these columns (undefined: the defaults). Columns of custom fields this device
 * does not know yet are kept, so choosing columns before the settings are read loses none.
 */
function withColumns(view: View, columns: string[] | undefined, chooser: ChooserModel): View {
  const { columns: before, ...rest } = view;
  if (!columns) return rest;
  const offered = new Set(chooser.options.map((o) => o.key));
  return { ...rest, columns: [...columns, ...(before ?? []).filter((k) => !offered.has(k))] };
}

/** "Clear filters": the plain list with the same words and columns. */
export function clearedView(view: View): View {
  return { ...defaultView, query: view.query, ...(view.columns ? { columns: view.columns } : {}) };
}

function ListFrame<R extends AnyRow>(
  props: ListPageProps<R> & { state: PageState<R>; result: ViewRows<R> | undefined },
) {
  const { t } = useTranslation();
  const { collection, prefix, state, result } = props;
  const { list, view: deferred, setLimit, setCollapsed } = state;
  const { view, setView } = list;
  const onNeedMore = useCallback(() => setLimit((l) => l + PAGE * 5), [setLimit]);
  const [, navigate] = useLocation();
  const canWrite = useCanWrite(collection);
  const groupLabel = useGroupLabel(collection, deferred.groupBy, state.fields.settings);
  const newHref = props.newHref === undefined ? `/${collection}/new` : props.newHref;
  const query = deferred.query.trim();
  const plain = isPlainView(deferred);
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
        <ListViewBar
          collection={collection}
          list={list}
          fields={state.fields}
          chooser={state.chooser}
          rowsShown={result !== undefined}
        />
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
      {props.nav}
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
          <button type="button" className="button" onClick={() => setView(clearedView(view))}>
            {t("views.clearFilters")}
          </button>
        </div>
      ) : (
        <RecordList<R>
          label={t(`${prefix}.title`)}
          rows={result.items}
          total={result.itemCount}
          columns={state.columns as Column<R>[]}
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
