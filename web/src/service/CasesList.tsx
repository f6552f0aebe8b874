import { caseSla } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { type ReactNode, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite, useIsAdmin } from "../runtime/session.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { ListPage } from "../ui/ListPage.js";
import { type Column, RecordList } from "../ui/RecordList.js";
import { type ListColumnsSpec, useListColumns } from "../views/useListColumns.js";
import { useListSettings } from "../views/useListSettings.js";
import { AssigneeName, CaseStatusBadge, PriorityBadge } from "./CaseBadges.js";
import { type CaseRow, isOpenCase } from "./caseRecord.js";
import { SlaCell } from "./SlaTimer.js";
import { useNow } from "./useNow.js";

/**
 * Cases: every case with the view bar like every list (filters on any field — status, priority,
 * "Mine" for the assignee, custom fields —, sort, group-by, columns, saved views), or the "Needs
 * attention" view — open cases whose SLA is breached or due soon, most overdue first. (The
 * escalation is applied by the server: the built-in rule "sla-escalation", peer/src/rules/.)
 */
export function CasesList({ view }: { view: "all" | "attention" }) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const isAdmin = useIsAdmin();
  const { settings } = useWorkspaceSettings();
  // A coarse tick for lists: a minute-level timer; the case page ticks every second.
  const now = useNow(5_000);
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
  const slaHeader = t("service.fields.sla");
  const columns = useMemo<ListColumnsSpec<CaseRow>>(
    () => ({
      cells: {
        status: (c) => <CaseStatusBadge status={c.status} />,
        priority: (c) => <PriorityBadge priority={c.priority} />,
        assignee: (c) => <AssigneeName assignee={c.assignee} />,
      },
      // The SLA timer is computed from the settings and the clock: a column of its own.
      extras: { sla: { header: slaHeader, cell: (c) => <SlaCell sla={caseSla(c, settings, now)} /> } },
    }),
    [settings, now, slaHeader],
  );

  const tabs = (
    <nav className="tabs" aria-label={t("service.views.label")}>
      <Link href="/cases" className="tab" aria-current={view === "all" ? "page" : undefined}>
        {t("service.views.all")}
      </Link>
      <Link href="/cases/attention" className="tab" aria-current={view === "attention" ? "page" : undefined}>
        {t("service.views.attention")}
        {attention && attention.length > 0 && <span className="badge sla breached tab-count">{attention.length}</span>}
      </Link>
      <Link href="/inbox" className="tab">
        {t("nav.inbox")}
      </Link>
    </nav>
  );
  const settingsLink = isAdmin && (
    <Link href="/settings/sla" className="button">
      {t("service.settings.link")}
    </Link>
  );
  if (view === "all")
    return (
      <ListPage<CaseRow>
        collection="cases"
        prefix="service"
        title={(c) => c.subject}
        columns={columns}
        nav={tabs}
        actions={settingsLink}
      />
    );
  return <Attention rows={attention?.map((x) => x.row)} columns={columns} tabs={tabs} settingsLink={settingsLink} />;
}

/** "Needs attention": its own order (most overdue first), the list's default columns. */
function Attention(props: {
  rows: CaseRow[] | undefined;
  columns: ListColumnsSpec<CaseRow>;
  tabs: ReactNode;
  settingsLink: ReactNode;
}) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const canWrite = useCanWrite("cases");
  const { settings } = useListSettings(true);
  const { columns } = useListColumns("cases", props.columns, undefined, settings);
  const { rows } = props;
  return (
    <section className="page list-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{t("service.title")}</h1>
        <div className="grow" />
        {props.settingsLink}
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
      {props.tabs}
      <p className="muted small">{t("service.attentionHint")}</p>
      {rows === undefined ? (
        <div className="record-list placeholder" aria-hidden="true" />
      ) : rows.length === 0 ? (
        <div className="empty small">
          <p>{t("service.attentionEmpty")}</p>
        </div>
      ) : (
        <RecordList<CaseRow>
          label={t("service.views.attention")}
          rows={rows}
          total={rows.length}
          columns={columns as Column<CaseRow>[]}
          href={(c) => `/cases/${c.id}`}
          title={(c) => c.subject}
          onNeedMore={() => {}}
        />
      )}
    </section>
  );
}

/** The most overdue first: the earlier of the two due times still running. */
function dueOf(sla: ReturnType<typeof caseSla>): number {
  const running = [sla.firstResponse, sla.resolution].filter((c) => c.remainingMs !== null).map((c) => c.dueAt);
  return running.length ? Math.min(...running) : Number.POSITIVE_INFINITY;
}
