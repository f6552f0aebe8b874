import { type Order, type OrderStatus, orderTransitions, transitionOrder } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { AccountName } from "../contacts/AccountName.js";
import { HistoryLink } from "../data/HistoryPage.js";
import { MoreFields } from "../fields/MoreFields.js";
import type { KeyIn } from "../i18n/keys.js";
import type { Row } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { formatDateTime } from "../ui/dates.js";
import { ListPage } from "../ui/ListPage.js";
import { NotFound } from "../ui/NotFound.js";
import type { ListColumnsSpec } from "../views/useListColumns.js";
import { LinesTable } from "./LinesTable.js";
import { ProvisionalBadge } from "./ProvisionalBadge.js";
import { OrderStatusBadge } from "./QuoteStatusBadge.js";
import { useLocale, useMoney, useSettings } from "./useSettings.js";

/** Drawn by the list itself: the status as its badge. */
const orderColumns: ListColumnsSpec<Row<Order>> = {
  cells: { status: (o) => <OrderStatusBadge status={o.status} /> },
};

/** Orders, newest number last; 250k in a big workspace, so read page by page from the index. */
export function OrdersList() {
  const { t } = useTranslation();
  return (
    <ListPage<Row<Order>>
      collection="orders"
      prefix="sales.orders"
      newHref={null}
      emptyPrimary={
        <Link href="/quotes" className="button primary">
          {t("sales.orders.goQuotes")}
        </Link>
      }
      title={(o) => o.number}
      columns={orderColumns}
    />
  );
}

/** An order: its lines, the buttons for the moves it may make now, and every move so far. */
export function OrderPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { db, store, me } = useRuntime();
  const settings = useSettings();
  const money = useMoney(settings);
  const locale = useLocale();
  const canWrite = useCanWrite("orders");
  const order = useLiveQuery(() => db.orders.get(id).then((r) => r ?? null), [db, id]);
  const quote = useLiveQuery(() => (order?.quoteId ? db.quotes.get(order.quoteId) : undefined), [db, order?.quoteId]);
  if (order === undefined) return null;
  if (order === null) return <NotFound back="/orders" />;
  const f = (k: KeyIn<"sales.orders.fields">) => t(`sales.orders.fields.${k}`);
  const status = (s: OrderStatus) => t(`sales.orders.statuses.${s}`);
  // No move leads back to "new", so every target has an action's words.
  const next = orderTransitions[order.status].filter((to) => to !== "new");
  const move = (to: OrderStatus) =>
    store.write("orders", id, transitionOrder(order, to, { at: Date.now(), by: me.name }));
  return (
    <article className="page record-page" aria-labelledby="record-title">
      <nav className="crumbs" aria-label="breadcrumb">
        <Link href="/orders">{t("sales.orders.title")}</Link>
      </nav>
      <header className="record-head">
        <h1 id="record-title">{order.number}</h1>
        <ProvisionalBadge number={order.number} />
        <span data-testid="order-status">
          <OrderStatusBadge status={order.status} />
        </span>
        <div className="grow" />
        <HistoryLink collection="orders" id={id} />
      </header>
      <div className="record-grid">
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">{t("sales.leads.details")}</h2>
          <dl className="details">
            <dt>{f("account")}</dt>
            <dd>
              <AccountName id={order.accountId} link />
            </dd>
            <dt>{f("quote")}</dt>
            <dd>{quote ? <Link href={`/quotes/${quote.id}`}>{quote.number}</Link> : "—"}</dd>
            <dt>{f("orderedAt")}</dt>
            <dd>{formatDateTime(locale, order.orderedAt)}</dd>
            <dt>{f("total")}</dt>
            <dd data-testid="order-total">{money(order.total)}</dd>
          </dl>
        </section>
        <MoreFields collection="orders" record={order} />
        <section className="card" aria-labelledby="status-title">
          <h2 id="status-title">{f("status")}</h2>
          {next.length === 0 ? (
            <p className="muted">{t("sales.orders.final", { status: status(order.status) })}</p>
          ) : (
            <div className="status-actions">
              {next.map((to) => (
                <button
                  key={to}
                  type="button"
                  className={`button${to === "cancelled" || to === "returned" ? " danger-outline" : " primary"}`}
                  disabled={!canWrite}
                  title={canWrite ? undefined : t("access.readOnly")}
                  onClick={() => void move(to)}
                >
                  {t(`sales.orders.actions.${to}`)}
                </button>
              ))}
            </div>
          )}
          <h3 className="small muted">{t("sales.orders.history")}</h3>
          <ol className="history" aria-label={t("sales.orders.history")}>
            {order.statusHistory.map((h) => (
              <li key={`${h.status}-${h.at}`}>
                {t("sales.orders.historyEntry", {
                  status: status(h.status),
                  when: formatDateTime(locale, h.at),
                  who: h.by || "—",
                })}
              </li>
            ))}
          </ol>
        </section>
        <section className="card wide" aria-labelledby="lines-title">
          <h2 id="lines-title">{t("sales.orders.lines")}</h2>
          <LinesTable lines={order.lines} money={money} label={t("sales.orders.lines")} />
        </section>
      </div>
    </article>
  );
}
