import type { Opportunity, PipelineStage, WorkspaceSettings } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import { useCanWrite, useIsAdmin } from "../auth/session-context.js";
import type { KeyIn } from "../i18n/keys.js";
import type { Row } from "../local/db.js";
import { matchesWords, searchWords } from "../local/search.js";
import { formatCalendarDay } from "../ui/dates.js";
import { PersonName } from "../ui/Person.js";
import { RecordList } from "../ui/RecordList.js";
import { useListView } from "../views/useListView.js";
import { ViewBar } from "../views/ViewBar.js";
import { compileFilter, defaultView } from "../views/view.js";
import { Forecast } from "./Forecast.js";
import { moveToStage, stampRepair } from "./moveStage.js";
import { useLocale, useMoney, useSettings, useStageLabel } from "./useSettings.js";

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

export function PipelinePage() {
  const { t } = useTranslation();
  const { db, me } = useRuntime();
  const settings = useSettings();
  const canWrite = useCanWrite("opportunities");
  const isAdmin = useIsAdmin();
  // Filters, "Mine" and saved views from the shared view bar narrow the board and the list;
  // the board keeps its stage columns (no sort or group-by), the forecast covers every deal.
  const list = useListView("opportunities");
  const filters = useDeferredValue(list.view);
  const [, navigate] = useLocation();
  const [view, setView] = useState<View>(() => (localStorage.getItem("crm.pipeline.view") as View) || "kanban");
  const allOpps = useLiveQuery(() => db.opportunities.orderBy("sortKey").toArray(), [db]);
  const opps = useMemo(() => {
    if (!allOpps) return undefined;
    const words = searchWords(filters.query);
    const test = compileFilter("opportunities", filters, { me, now: Date.now() });
    if (!test && !words.length) return allOpps;
    return allOpps.filter((o) => (!test || test(o as never)) && matchesWords(o.terms, words));
  }, [allOpps, filters, me]);
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
        <ViewBar collection="opportunities" list={list} sortAndGroup={false} />
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
      {opps === undefined ? null : allOpps?.length !== 0 && opps.length === 0 ? (
        <div className="empty small">
          <p>{t("views.noMatch")}</p>
          <button type="button" className="button" onClick={() => list.setView(defaultView)}>
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
        <OppList opps={opps} settings={settings} accounts={accounts} />
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

function OppList(props: { opps: OppRow[]; settings: WorkspaceSettings; accounts: Map<string, string> | undefined }) {
  const { t } = useTranslation();
  const { opps, settings, accounts } = props;
  const money = useMoney(settings);
  const locale = useLocale();
  const stages = boardStages(settings, opps, useStageLabel());
  const f = (k: KeyIn<"sales.pipeline.fields">) => t(`sales.pipeline.fields.${k}`);
  return (
    <RecordList<OppRow>
      label={t("sales.pipeline.title")}
      rows={opps}
      total={opps.length}
      columns={[
        { key: "name", header: f("name"), cell: () => null },
        { key: "account", header: f("account"), cell: (o) => accounts?.get(o.accountId) ?? "—" },
        { key: "stage", header: f("stage"), cell: (o) => stages.find((s) => s.id === o.stage)?.label ?? o.stage },
        { key: "amount", header: f("amount"), cell: (o) => money(o.amount), className: "num" },
        {
          key: "probability",
          header: f("probability"),
          cell: (o) => `${o.probability.toLocaleString(locale)}%`,
          className: "num",
        },
        {
          key: "closeDate",
          header: f("closeDate"),
          cell: (o) => (o.closeDate ? formatCalendarDay(locale, o.closeDate) : "—"),
          className: "hide-narrow",
        },
        { key: "owner", header: f("owner"), cell: (o) => <PersonName id={o.owner} />, className: "hide-narrow" },
      ]}
      href={(o) => `/opportunities/${o.id}`}
      title={(o) => o.name}
      onNeedMore={() => {}}
    />
  );
}
