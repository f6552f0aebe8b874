import { type Lead, leadStatuses, scoreLead } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useDeferredValue, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import { useCanWrite } from "../auth/session-context.js";
import type { KeyIn } from "../i18n/keys.js";
import type { Row } from "../local/db.js";
import { matchesWords, searchWords } from "../local/search.js";
import { PersonName } from "../ui/Person.js";
import { RecordList } from "../ui/RecordList.js";
import { useListView } from "../views/useListView.js";
import { ViewBar } from "../views/ViewBar.js";
import { compileFilter, defaultView } from "../views/view.js";
import { LeadStatusBadge } from "./LeadStatusBadge.js";
import { useSettings } from "./useSettings.js";

type LeadRow = Row<Lead> & { liveScore: number };
const SORTS = ["score", "name", "status"] as const;
type Sort = (typeof SORTS)[number];

/**
 * Leads with their score. A workspace holds thousands of leads, not hundreds of thousands, so the
 * list reads them all and sorts in memory: that lets it sort by a score computed from the rules
 * as they are now (a rule changed by an admin re-ranks every lead at once).
 */
export function LeadsList() {
  const { t } = useTranslation();
  const { db, me } = useRuntime();
  const settings = useSettings();
  const canWrite = useCanWrite("leads");
  const [, navigate] = useLocation();
  // Filters, "Mine" and saved views come from the shared view bar; the order stays the list's
  // own (the live score), so the bar shows no sort or group-by here.
  const list = useListView("leads");
  const query = list.view.query;
  const setQuery = (q: string) => list.setView({ ...list.view, query: q });
  const view = useDeferredValue(list.view);
  const deferred = view.query;
  const [sort, setSort] = useState<Sort>(() => (sessionStorage.getItem("crm.leads.sort") as Sort) || "score");
  const all = useLiveQuery(() => db.leads.toArray(), [db]);
  const rows = useMemo(() => {
    if (!all) return undefined;
    const words = searchWords(deferred);
    const rules = settings.leadScoring.rules;
    const test = compileFilter("leads", view, { me, now: Date.now() });
    const out: LeadRow[] = [];
    for (const l of all)
      if (matchesWords(l.terms, words) && (!test || test(l as never)))
        out.push({ ...l, liveScore: scoreLead(l, rules).score });
    const byName = (a: LeadRow, b: LeadRow) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0);
    const order = {
      score: (a: LeadRow, b: LeadRow) => b.liveScore - a.liveScore || byName(a, b),
      name: byName,
      status: (a: LeadRow, b: LeadRow) =>
        leadStatuses.indexOf(a.status) - leadStatuses.indexOf(b.status) || byName(a, b),
    }[sort];
    return out.sort(order);
  }, [all, deferred, view, me, sort, settings]);

  const f = (k: KeyIn<"sales.leads.fields">) => t(`sales.leads.fields.${k}`);
  return (
    <section className="page list-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{t("sales.leads.title")}</h1>
        {all && all.length > 0 && <span className="muted count">{all.length.toLocaleString()}</span>}
        <div className="grow" />
        <ViewBar collection="leads" list={list} sortAndGroup={false} />
        <label className="sales-sort">
          <span>{t("sales.leads.sortBy")}</span>
          <select
            value={sort}
            onChange={(e) => {
              setSort(e.target.value as Sort);
              sessionStorage.setItem("crm.leads.sort", e.target.value);
            }}
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`sales.leads.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="search">
          <span className="sr-only">{t("sales.leads.searchLabel")}</span>
          <input
            type="search"
            data-search
            aria-label={t("sales.leads.searchLabel")}
            placeholder={t("sales.leads.searchPlaceholder")}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && setQuery("")}
          />
        </label>
        <button
          type="button"
          className="button primary"
          disabled={!canWrite}
          title={canWrite ? undefined : t("access.readOnly")}
          onClick={() => navigate("/leads/new")}
        >
          {t("sales.leads.new")}
        </button>
      </div>
      {rows === undefined ? (
        <div className="record-list placeholder" aria-hidden="true" />
      ) : all?.length === 0 ? (
        <div className="empty">
          <h2>{t("sales.leads.empty")}</h2>
          <p>{t("sales.leads.emptyHint")}</p>
          <div className="empty-actions">
            <button
              type="button"
              className="button primary"
              disabled={!canWrite}
              onClick={() => navigate("/leads/new")}
            >
              {t("sales.leads.createFirst")}
            </button>
          </div>
        </div>
      ) : rows.length === 0 && (view.filters.length > 0 || view.mine) ? (
        <div className="empty small">
          <p>{t("views.noMatch")}</p>
          <button type="button" className="button" onClick={() => list.setView({ ...defaultView, query })}>
            {t("views.clearFilters")}
          </button>
        </div>
      ) : rows.length === 0 ? (
        <p className="empty small">{t("sales.leads.noMatch", { q: deferred })}</p>
      ) : (
        <RecordList<LeadRow>
          label={t("sales.leads.title")}
          rows={rows}
          total={rows.length}
          columns={[
            { key: "name", header: f("name"), cell: () => null },
            { key: "company", header: f("company"), cell: (l) => l.company || "—" },
            {
              key: "status",
              header: f("status"),
              cell: (l) => <LeadStatusBadge lead={l} />,
            },
            {
              key: "score",
              header: f("score"),
              cell: (l) => <span className="lead-score">{l.liveScore}</span>,
              className: "num",
            },
            { key: "email", header: f("email"), cell: (l) => l.email, className: "hide-narrow" },
            { key: "owner", header: f("owner"), cell: (l) => <PersonName id={l.owner} />, className: "hide-narrow" },
          ]}
          href={(l) => `/leads/${l.id}`}
          title={leadName}
          onNeedMore={() => {}}
        />
      )}
    </section>
  );
}

export function leadName(l: Pick<Lead, "firstName" | "lastName">): string {
  return [l.firstName, l.lastName].filter(Boolean).join(" ");
}
