import {
  formatMoney,
  fromCents,
  type Opportunity,
  type Order,
  type Quote,
  type SurveyResponse,
  toCents,
} from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import type { Row } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { OrderStatusBadge, QuoteStatusBadge } from "../sales/QuoteStatusBadge.js";
import { useStageLabel } from "../sales/useSettings.js";
import { formatDay } from "../ui/dates.js";
import { CaseStatusBadge, PriorityBadge } from "./CaseBadges.js";
import { type CaseRow, isOpenCase } from "./caseRecord.js";
import "./service.css";

/*
 * The customer 360 of an account page: key figures and everything linked to the account. Every
 * query goes through the `accountId` index of its projection table — no table scan — so the page
 * opens as fast with 250,000 orders in the workspace as with ten.
 */

const SHOWN = 8;

/** Orders that count as revenue: everything but cancelled and returned ones. */
export function countsAsRevenue(o: Pick<Order, "status">): boolean {
  return o.status !== "cancelled" && o.status !== "returned";
}

/** Lifetime revenue in exact cents, then back to the currency unit. */
export function lifetimeRevenue(orders: Pick<Order, "status" | "total">[]): number {
  return fromCents(orders.filter(countsAsRevenue).reduce((sum, o) => sum + toCents(o.total), 0));
}

export function useAccount360(accountId: string) {
  const { db } = useRuntime();
  const by = <T,>(table: string) => db.table(table).where("accountId").equals(accountId).toArray() as Promise<T[]>;
  const orders = useLiveQuery(() => by<Row<Order>>("orders"), [db, accountId]);
  const cases = useLiveQuery(() => by<CaseRow>("cases"), [db, accountId]);
  const opportunities = useLiveQuery(() => by<Row<Opportunity>>("opportunities"), [db, accountId]);
  const quotes = useLiveQuery(() => by<Row<Quote>>("quotes"), [db, accountId]);
  const surveys = useLiveQuery(() => by<Row<SurveyResponse>>("surveyResponses"), [db, accountId]);
  return { orders, cases, opportunities, quotes, surveys };
}

type Data = ReturnType<typeof useAccount360>;

export function KeyFigures({ data }: { data: Data }) {
  const { t, i18n } = useTranslation();
  const { settings } = useWorkspaceSettings();
  const lang = i18n.language === "zh" ? "zh-CN" : "en";
  const none = t("service.c360.none");
  const revenue = data.orders ? formatMoney(lifetimeRevenue(data.orders), settings.currency, lang) : none;
  const last = data.orders
    ?.filter(countsAsRevenue)
    .reduce<Row<Order> | null>((a, o) => (!a || o.orderedAt > a.orderedAt ? o : a), null);
  const openCases = data.cases?.filter(isOpenCase).length;
  const csat = data.surveys
    ?.filter((s) => s.kind === "csat")
    .reduce<Row<SurveyResponse> | null>((a, s) => (!a || s.respondedAt > a.respondedAt ? s : a), null);
  return (
    <dl className="figures" aria-label={t("service.c360.figures")}>
      <div className="figure">
        <dt title={t("service.c360.revenueHint")}>{t("service.c360.lifetimeRevenue")}</dt>
        <dd data-figure="revenue">{revenue}</dd>
      </div>
      <div className="figure">
        <dt>{t("service.c360.lastOrder")}</dt>
        <dd data-figure="last-order">{last ? formatDay(lang, last.orderedAt) : none}</dd>
      </div>
      <div className="figure">
        <dt>{t("service.c360.openCases")}</dt>
        <dd data-figure="open-cases">{openCases ?? none}</dd>
      </div>
      <div className="figure">
        <dt>{t("service.c360.latestCsat")}</dt>
        <dd data-figure="csat">{csat ? t("service.csat.outOf", { score: csat.score }) : none}</dd>
      </div>
    </dl>
  );
}

/** A card listing a few linked records, newest first, with "and N more". */
function LinkedCard<T extends { id: string }>(props: {
  id: string;
  title: string;
  empty: string;
  rows: T[] | undefined;
  newest(row: T): number;
  item(row: T): React.ReactNode;
  action?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const rows = props.rows ? [...props.rows].sort((a, b) => props.newest(b) - props.newest(a)) : undefined;
  return (
    <section className="card" aria-labelledby={props.id}>
      <div className="card-head">
        <h2 id={props.id}>
          {props.title}
          {rows && rows.length > 0 && <span className="muted count"> {rows.length}</span>}
        </h2>
        {props.action}
      </div>
      {rows && rows.length === 0 && <p className="muted">{props.empty}</p>}
      <ul className="plain-list">
        {rows?.slice(0, SHOWN).map((r) => (
          <li key={r.id}>{props.item(r)}</li>
        ))}
      </ul>
      {rows && rows.length > SHOWN && (
        <p className="muted small">{t("service.c360.more", { count: rows.length - SHOWN })}</p>
      )}
    </section>
  );
}

export function LinkedRecords({ accountId, data }: { accountId: string; data: Data }) {
  const { t, i18n } = useTranslation();
  const { settings } = useWorkspaceSettings();
  const canWriteCases = useCanWrite("cases");
  const lang = i18n.language === "zh" ? "zh-CN" : "en";
  const money = (n: number) => formatMoney(n, settings.currency, lang);
  const day = (at: number) => formatDay(lang, at);
  const stageLabel = useStageLabel();
  const stage = (id: string) => {
    const known = settings.pipelineStages.find((s) => s.id === id);
    return known ? stageLabel(known) : id;
  };
  return (
    <>
      <LinkedCard
        id="c360-orders"
        title={t("service.c360.orders")}
        empty={t("service.c360.noOrders")}
        rows={data.orders}
        newest={(o) => o.orderedAt}
        item={(o) => (
          <span className="line">
            <span>
              <Link href={`/orders/${o.id}`}>
                <strong>{o.number || t("service.c360.unnumbered")}</strong>
              </Link>{" "}
              <span className="muted small">{day(o.orderedAt)}</span>
            </span>
            <span>
              {money(o.total)} <OrderStatusBadge status={o.status} />
            </span>
          </span>
        )}
      />
      <LinkedCard
        id="c360-cases"
        title={t("service.c360.cases")}
        empty={t("service.c360.noCases")}
        rows={data.cases}
        newest={(c) => c.openedAt}
        action={
          canWriteCases && (
            <Link href={`/cases/new?account=${accountId}`} className="button small">
              {t("service.c360.newCase")}
            </Link>
          )
        }
        item={(c) => (
          <span className="line">
            <Link href={`/cases/${c.id}`}>{c.subject}</Link>
            <span>
              <PriorityBadge priority={c.priority} /> <CaseStatusBadge status={c.status} />
            </span>
          </span>
        )}
      />
      <LinkedCard
        id="c360-opportunities"
        title={t("service.c360.opportunities")}
        empty={t("service.c360.noOpportunities")}
        rows={data.opportunities}
        newest={(o) => o.updatedAt}
        item={(o) => (
          <span className="line">
            <Link href={`/opportunities/${o.id}`}>{o.name}</Link>
            <span>
              {money(o.amount)} <span className="muted small">{stage(o.stage)}</span>
            </span>
          </span>
        )}
      />
      <LinkedCard
        id="c360-quotes"
        title={t("service.c360.quotes")}
        empty={t("service.c360.noQuotes")}
        rows={data.quotes}
        newest={(q) => q.updatedAt}
        item={(q) => (
          <span className="line">
            <Link href={`/quotes/${q.id}`}>
              <strong>{q.number || t("service.c360.unnumbered")}</strong>
            </Link>
            <QuoteStatusBadge status={q.status} />
          </span>
        )}
      />
    </>
  );
}
