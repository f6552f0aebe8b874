import type { Opportunity, PipelineStage, WorkspaceSettings } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import type { Row } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite, useIsAdmin } from "../runtime/session.js";
import { formatCalendarDay } from "../ui/dates.js";
import { clearedView, ListViewBar, type PageState, usePageState } from "../ui/ListPage.js";
import { PersonName } from "../ui/Person.js";
import { type Column, RecordList } from "../ui/RecordList.js";
import type { ListColumnsSpec } from "../views/useListColumns.js";
import { isGroupHeader, useMemoryViewRows, type ViewRows } from "../views/useViewRows.js";
import { useGroupLabel } from "../views/ViewBar.js";
import { Forecast } from "./Forecast.js";
import { moveToStage, stampRepair } from "./moveStage.js";
import { useMoney, useSettings, useStageLabel } from "./useSettings.js";

type OppRow = Row<Opportunity>;
type View = "kanban" | "list";
/** Cards drawn per column; the list view shows every deal (virtualized). */
const CARDS_PER_COLUMN = 100;

/** The stages to draw: the workspace's, then any stage a deal still has that the settings dropped. */
export function boardStages(
  settings: WorkspaceSettings,
  opps: readonly Pick<Opportunity, "stage">[],
  label: (s: PipelineStage) => string = (s) => s.label,
): PipelineStage[] {
  const known = new Set(settings.pipelineStages.map((s) => s.id));
  const extra = [...new Set(opps.map((o) => o.stage).filter((s) => !known.has(s)))];
  return [
    ...settings.pipelineStages.map((s) => ({ ...s, label: label(s) })),
    ...extra.map((id) => ({ id, label: id, probability: 0, kind: "open" as const })),
  ];
}

/** The deals' columns: every one the descriptors give (stage by its name, account by name …). */
const oppColumns: ListColumnsSpec<OppRow> = {};

export function PipelinePage() {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const settings = useSettings();
  const canWrite = useCanWrite("opportunities");
  const isAdmin = useIsAdmin();
  // The shared view bar narrows the board and the list and orders the cards within each stage;
  // the board keeps its stage columns (no group-by), the forecast covers every deal.
  const state = usePageState<OppRow>({ collection: "opportunities", columns: oppColumns });
  const { list } = state;
  const [, navigate] = useLocation();
  const [view, setView] = useState<View>(() => (localStorage.getItem("crm.pipeline.view") as View) || "kanban");
  const allOpps = useLiveQuery(() => db.opportunities.orderBy("sortKey").toArray(), [db]);
  const shown = useMemo(() => {
    if (view === "list") return state.view;
    const { groupBy: _, ...ungrouped } = state.view;
    return ungrouped;
  }, [state.view, view]);
  const result = useMemoryViewRows<OppRow>("opportunities", allOpps, shown, state.collapsed, state.context);
  const opps = useMemo(() => result?.items.filter((i): i is OppRow => !isGroupHeader(i)), [result]);
  const accountIds = useMemo(() => [...new Set(opps?.map((o) => o.accountId) ?? [])], [opps]);
  const accounts = useLiveQuery(
    async () => new Map((await db.accounts.bulkGet(accountIds)).filter((a) => !!a).map((a) => [a!.id, a!.name])),
    [db, accountIds],
  );
  const choose = (v: View) => {
    setView(v);
    localStorage.setItem("crm.pipeline.view", v);
  };
  return (
    <section className="page pipeline-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{t("sales.pipeline.title")}</h1>
        <div className="grow" />
        <ListViewBar
          collection="opportunities"
          list={list}
          fields={state.fields}
          chooser={view === "list" ? state.chooser : undefined}
          rowsShown={result !== undefined}
          group={view === "list"}
        />
        <fieldset className="segmented">
          <legend className="sr-only">{t("sales.pipeline.view")}</legend>
          {(["kanban", "list"] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              className={`button small${view === v ? " primary" : ""}`}
              onClick={() => choose(v)}
            >
              {t(`sales.pipeline.${v}`)}
            </button>
          ))}
        </fieldset>
        {isAdmin && (
          <Link href="/settings/pipeline" className="button small">
            {t("sales.pipeline.editStages")}
          </Link>
        )}
        <button
          type="button"
          className="button primary"
          disabled={!canWrite}
          title={canWrite ? undefined : t("access.readOnly")}
          onClick={() => navigate("/opportunities/new")}
        >
          {t("sales.pipeline.new")}
        </button>
      </div>
      {!result || !opps ? null : allOpps?.length !== 0 && opps.length === 0 ? (
        <div className="empty small">
          <p>{t("views.noMatch")}</p>
          <button type="button" className="button" onClick={() => list.setView(clearedView(list.view))}>
            {t("views.clearFilters")}
          </button>
        </div>
      ) : opps.length === 0 ? (
        <div className="empty">
          <h2>{t("sales.pipeline.empty")}</h2>
          <p>{t("sales.pipeline.emptyHint")}</p>
          <div className="empty-actions">
            <Link href="/leads" className="button">
              {t("sales.nav.leads")}
            </Link>
            <button
              type="button"
              className="button primary"
              disabled={!canWrite}
              onClick={() => navigate("/opportunities/new")}
            >
              {t("sales.pipeline.new")}
            </button>
          </div>
        </div>
      ) : view === "kanban" ? (
        <Board opps={opps} settings={settings} accounts={accounts} canWrite={canWrite} />
      ) : (
        <OppList result={result} state={state} />
      )}
      {allOpps && allOpps.length > 0 && <Forecast opportunities={allOpps} settings={settings} />}
    </section>
  );
}

function Board(props: {
  opps: OppRow[];
  settings: WorkspaceSettings;
  accounts: Map<string, string> | undefined;
  canWrite: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { store } = useRuntime();
  const { opps, settings, accounts, canWrite } = props;
  const money = useMoney(settings);
  const stages = boardStages(settings, opps, useStageLabel());
  const [over, setOver] = useState<string | null>(null);
  const [announce, setAnnounce] = useState("");
  // After a keyboard move the card is drawn in another column: focus follows it there.
  const refocus = useRef<{ id: string; stage: string } | null>(null);
  useEffect(() => {
    if (!refocus.current) return;
    const { id, stage } = refocus.current;
    const card = document.querySelector<HTMLElement>(`[data-stage="${stage}"] [data-card="${id}"] .card-title`);
    if (card) {
      card.focus();
      refocus.current = null;
    }
  });
  // Deals merged from concurrent moves may carry both stamps: whoever sees the board (and may
  // write) sets them straight. Several devices writing the same repair agree.
  useEffect(() => {
    if (!canWrite) return;
    for (const o of opps) {
      const fix = stampRepair(o, settings);
      if (Object.keys(fix).length) void store.write("opportunities", o.id, fix);
    }
  }, [opps, settings, canWrite, store]);
  const move = async (opp: OppRow, stageId: string) => {
    if (!canWrite || stageId === opp.stage) return;
    await moveToStage(store, opp, stageId, settings);
    const label = stages.find((s) => s.id === stageId)?.label ?? stageId;
    setAnnounce(t("sales.pipeline.moved", { name: opp.name, stage: label }));
  };
  const byStage = new Map<string, OppRow[]>(stages.map((s) => [s.id, []]));
  for (const o of opps) byStage.get(o.stage)?.push(o);

  return (
    <>
      <p className="muted small">{t("sales.pipeline.moveHint")}</p>
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      <div className="kanban">
        {stages.map((stage, si) => {
          const cards = byStage.get(stage.id) ?? [];
          const total = cards.reduce((s, o) => s + Math.round(o.amount * 100), 0) / 100;
          return (
            <section
              key={stage.id}
              className={`kanban-column${over === stage.id ? " drop-target" : ""} stage-${stage.kind}`}
              aria-label={stage.label}
              data-stage={stage.id}
              onDragOver={(e) => {
                if (!canWrite) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = "move";
                setOver(stage.id);
              }}
              onDragLeave={() => setOver((s) => (s === stage.id ? null : s))}
              onDrop={(e) => {
                e.preventDefault();
                setOver(null);
                const opp = opps.find((o) => o.id === e.dataTransfer.getData("text/x-opportunity"));
                if (opp) void move(opp, stage.id);
              }}
            >
              <header className="kanban-head">
                <h2>{stage.label}</h2>
                <span className="muted small">
                  {cards.length} · {money(total)}
                </span>
              </header>
              <ul className="kanban-cards">
                {cards.slice(0, CARDS_PER_COLUMN).map((o) => (
                  <li
                    key={o.id}
                    data-card={o.id}
                    className="kanban-card"
                    draggable={canWrite}
                    onDragStart={(e) => {
                      e.dataTransfer.setData("text/x-opportunity", o.id);
                      e.dataTransfer.effectAllowed = "move";
                    }}
                  >
                    {/* The card's link is its keyboard handle: ← / → move the deal a stage. */}
                    <Link
                      href={`/opportunities/${o.id}`}
                      className="card-title"
                      aria-keyshortcuts="ArrowLeft ArrowRight"
                      aria-description={`${stage.label}, ${money(o.amount)}`}
                      onKeyDown={(e) => {
                        const to =
                          e.key === "ArrowRight" ? stages[si + 1] : e.key === "ArrowLeft" ? stages[si - 1] : undefined;
                        if (!to || !canWrite) return;
                        e.preventDefault();
                        refocus.current = { id: o.id, stage: to.id };
                        void move(o, to.id);
                      }}
                    >
                      {o.name}
                    </Link>
                    <span className="muted small">{accounts?.get(o.accountId) ?? ""}</span>
                    <span className="card-figures">
                      <strong>{money(o.amount)}</strong>
                      <span className="muted small">{o.probability}%</span>
                    </span>
                    {o.closeDate && (
                      <span className="muted small">{formatCalendarDay(i18n.language, o.closeDate)}</span>
                    )}
                    {o.owner && (
                      <span className="muted small card-owner">
                        <PersonName id={o.owner} />
                      </span>
                    )}
                    <label className="card-move small">
                      <span className="sr-only">{t("sales.pipeline.moveTo")}</span>
                      <select
                        aria-label={`${t("sales.pipeline.moveTo")}: ${o.name}`}
                        value={o.stage}
                        disabled={!canWrite}
                        onChange={(e) => {
                          refocus.current = { id: o.id, stage: e.target.value };
                          void move(o, e.target.value);
                        }}
                      >
                        {stages.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.label}
                          </option>
                        ))}
                      </select>
                    </label>
                  </li>
                ))}
                {cards.length > CARDS_PER_COLUMN && (
                  <li className="muted small">+{(cards.length - CARDS_PER_COLUMN).toLocaleString()}</li>
                )}
              </ul>
            </section>
          );
        })}
      </div>
    </>
  );
}

/** The pipeline as a list: the view's sort and groups, the chosen columns. */
function OppList({ result, state }: { result: ViewRows<OppRow>; state: PageState<OppRow> }) {
  const { t } = useTranslation();
  const { list, setCollapsed } = state;
  const groupLabel = useGroupLabel("opportunities", state.view.groupBy, state.fields.settings);
  return (
    <RecordList<OppRow>
      label={t("sales.pipeline.title")}
      rows={result.items}
      total={result.itemCount}
      columns={state.columns as Column<OppRow>[]}
      href={(o) => `/opportunities/${o.id}`}
      title={(o) => o.name}
      onNeedMore={() => {}}
      sort={list.view.sort}
      onSort={(field) =>
        list.setView({
          ...list.view,
          sort: { field, dir: list.view.sort?.field === field && list.view.sort.dir === "asc" ? "desc" : "asc" },
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
  );
}
