import { type CasePriority, type CaseStatus, casePriorities, caseSla, caseStatuses } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import { useCanWrite, useIsAdmin } from "../auth/session-context.js";
import { AccountName } from "../contacts/AccountName.js";
import { matchesWords, searchWords, splitLongest } from "../local/search.js";
import { type Column, RecordList } from "../ui/RecordList.js";
import { AssigneeName, CaseStatusBadge, PriorityBadge } from "./CaseBadges.js";
import { type CaseRow, isMine, isOpenCase } from "./caseRecord.js";
import { SlaCell } from "./SlaTimer.js";
import { useNow } from "./useNow.js";
import { useWorkspaceSettings } from "./useSettings.js";

const PAGE = 200;
type StatusFilter = "" | "active" | CaseStatus;
interface Filters {
  status: StatusFilter;
  priority: "" | CasePriority;
  mine: boolean;
}
const NO_FILTERS: Filters = { status: "", priority: "", mine: false };

/**
 * Cases: every case (filtered by status, priority, "assigned to me", words of the subject), or the
 * "Needs attention" view — open cases whose SLA is breached or due soon, most overdue first. (The
 * escalation rule is applied app-wide: EscalationWatch.)
 */
export function CasesList({ view }: { view: "all" | "attention" }) {
  const { t } = useTranslation();
  const { db, me } = useRuntime();
  const [, navigate] = useLocation();
  const canWrite = useCanWrite("cases");
  const isAdmin = useIsAdmin();
  const { settings } = useWorkspaceSettings();
  // A coarse tick for lists: a minute-level timer; the case page ticks every second.
  const now = useNow(5_000);
  const [query, setQuery] = useState(() => sessionStorage.getItem("crm.q.cases") ?? "");
  const deferred = useDeferredValue(query);
  const [filters, setFilters] = useState<Filters>(() => readFilters());
  const [limit, setLimit] = useState(PAGE);
  const onNeedMore = useCallback(() => setLimit((l) => l + PAGE * 5), []);
  const setFilter = (f: Partial<Filters>) => {
    const next = { ...filters, ...f };
    sessionStorage.setItem("crm.cases.filters", JSON.stringify(next));
    setFilters(next);
    setLimit(PAGE);
  };

  const total = useLiveQuery(() => db.cases.count(), [db]);
  // Open cases, for the attention view and its count: the projection has no
  // status index (each index slows bulk writes), so this reads the open cases once per change.
  const open = useLiveQuery(() => db.cases.filter(isOpenCase).toArray() as Promise<CaseRow[]>, [db]);
  const attention = useMemo(() => {
    if (!open) return undefined;
    return open
      .map((row) => ({ row, sla: caseSla(row, settings, now) }))
      .filter((x) => x.sla.overall === "breached" || x.sla.overall === "atRisk")
      .sort((a, b) => dueOf(a.sla) - dueOf(b.sla));
  }, [open, settings, now]);

  const matches = useCallback(
    (c: CaseRow) =>
      (filters.status === "" || (filters.status === "active" ? isOpenCase(c) : c.status === filters.status)) &&
      (filters.priority === "" || c.priority === filters.priority) &&
      (!filters.mine || isMine(c, me)),
    [filters, me],
  );
  const listed = useLiveQuery(async () => {
    if (view === "attention") return null;
    const words = searchWords(deferred);
    if (!words.length) return (await db.cases.orderBy("sortKey").filter(matches).limit(limit).toArray()) as CaseRow[];
    const [first, rest] = splitLongest(words);
    const keys = [
      ...new Set(
        await db.cases
          .where("terms")
          .startsWithAnyOf(first as string[])
          .limit(2000)
          .primaryKeys(),
      ),
    ];
    const rows = ((await db.cases.bulkGet(keys.slice(0, 1000))) as (CaseRow | undefined)[]).filter(
      (r): r is CaseRow => !!r && matches(r) && matchesWords(r.terms, rest),
    );
    return rows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0)).slice(0, limit);
  }, [db, view, deferred, matches, limit]);

  const rows = view === "attention" ? attention?.map((x) => x.row) : (listed ?? undefined);
  const filtered = deferred !== "" || filters.status !== "" || filters.priority !== "" || filters.mine;
  const columns: Column<CaseRow>[] = [
    { key: "subject", header: t("service.fields.subject"), cell: (c) => c.subject },
    { key: "status", header: t("service.fields.status"), cell: (c) => <CaseStatusBadge status={c.status} /> },
    { key: "priority", header: t("service.fields.priority"), cell: (c) => <PriorityBadge priority={c.priority} /> },
    { key: "sla", header: t("service.fields.sla"), cell: (c) => <SlaCell sla={caseSla(c, settings, now)} /> },
    { key: "assignee", header: t("service.fields.assignee"), cell: (c) => <AssigneeName assignee={c.assignee} /> },
    {
      key: "account",
      header: t("service.fields.accountId"),
      cell: (c) => <AccountName id={c.accountId} />,
      className: "hide-narrow",
    },
  ];

  return (
    <section className="page list-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{t("service.title")}</h1>
        {total !== undefined && total > 0 && <span className="muted count">{total.toLocaleString()}</span>}
        <div className="grow" />
        {isAdmin && (
          <Link href="/settings/sla" className="button">
            {t("service.settings.link")}
          </Link>
        )}
        {view === "all" && (
          <label className="search">
            <span className="sr-only">{t("service.searchLabel")}</span>
            <input
              type="search"
              data-search
              aria-label={t("service.searchLabel")}
              placeholder={t("service.searchPlaceholder")}
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                sessionStorage.setItem("crm.q.cases", e.target.value);
                setLimit(PAGE);
              }}
              onKeyDown={(e) => e.key === "Escape" && setQuery("")}
            />
          </label>
        )}
        <button
          type="button"
          className="button primary"
          disabled={!canWrite}
          title={canWrite ? undefined : t("access.readOnly")}
          onClick={() => navigate("/cases/new")}
        >
          {t("service.new")}
        </button>
      </div>
      <nav className="tabs" aria-label={t("service.views.label")}>
        <Link href="/cases" className="tab" aria-current={view === "all" ? "page" : undefined}>
          {t("service.views.all")}
        </Link>
        <Link href="/cases/attention" className="tab" aria-current={view === "attention" ? "page" : undefined}>
          {t("service.views.attention")}
          {attention && attention.length > 0 && (
            <span className="badge sla breached tab-count">{attention.length}</span>
          )}
        </Link>
      </nav>
      {view === "all" && total !== 0 && <FilterBar filters={filters} onChange={setFilter} />}
      {view === "attention" && <p className="muted small">{t("service.attentionHint")}</p>}
      {rows === undefined ? (
        <div className="record-list placeholder" aria-hidden="true" />
      ) : total === 0 ? (
        <div className="empty">
          <h2>{t("service.empty")}</h2>
          <p>{t("service.emptyHint")}</p>
          <div className="empty-actions">
            <button
              type="button"
              className="button primary"
              disabled={!canWrite}
              title={canWrite ? undefined : t("access.readOnly")}
              onClick={() => navigate("/cases/new")}
            >
              {t("service.createFirst")}
            </button>
          </div>
        </div>
      ) : rows.length === 0 ? (
        <div className="empty small">
          <p>{view === "attention" ? t("service.attentionEmpty") : t("service.noMatch")}</p>
          {view === "all" && filtered && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setQuery("");
                sessionStorage.removeItem("crm.q.cases");
                setFilter(NO_FILTERS);
              }}
            >
              {t("service.clearFilters")}
            </button>
          )}
        </div>
      ) : (
        <RecordList<CaseRow>
          label={view === "attention" ? t("service.views.attention") : t("service.title")}
          rows={rows}
          total={view === "attention" ? rows.length : rows.length < limit ? rows.length : rows.length + 1}
          columns={columns}
          href={(c) => `/cases/${c.id}`}
          title={(c) => c.subject}
          onNeedMore={onNeedMore}
        />
      )}
    </section>
  );
}

function FilterBar({ filters, onChange }: { filters: Filters; onChange(f: Partial<Filters>): void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="case-filters">
      <legend className="sr-only">{t("service.filters.label")}</legend>
      <div className="field">
        <label htmlFor="case-filter-status">{t("service.filters.status")}</label>
        <select
          id="case-filter-status"
          value={filters.status}
          onChange={(e) => onChange({ status: e.target.value as StatusFilter })}
        >
          <option value="">{t("service.filters.any")}</option>
          <option value="active">{t("service.filters.openOnly")}</option>
          {caseStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`service.statuses.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="case-filter-priority">{t("service.filters.priority")}</label>
        <select
          id="case-filter-priority"
          value={filters.priority}
          onChange={(e) => onChange({ priority: e.target.value as Filters["priority"] })}
        >
          <option value="">{t("service.filters.any")}</option>
          {casePriorities.map((p) => (
            <option key={p} value={p}>
              {t(`service.priorities.${p}`)}
            </option>
          ))}
        </select>
      </div>
      <label className="check">
        <input type="checkbox" checked={filters.mine} onChange={(e) => onChange({ mine: e.target.checked })} />
        {t("service.filters.mine")}
      </label>
    </fieldset>
  );
}

/** The most overdue first: the earlier of the two due times still running. */
function dueOf(sla: ReturnType<typeof caseSla>): number {
  const running = [sla.firstResponse, sla.resolution].filter((c) => c.remainingMs !== null).map((c) => c.dueAt);
  return running.length ? Math.min(...running) : Number.POSITIVE_INFINITY;
}

function readFilters(): Filters {
  try {
    return { ...NO_FILTERS, ...JSON.parse(sessionStorage.getItem("crm.cases.filters") ?? "{}") };
  } catch {
    return NO_FILTERS;
  }
}
