import {
  linesTotals,
  newId,
  planQuoteAcceptance,
  type Quote,
  type QuoteStatus,
  quoteTransitions,
  recordTypes,
  transitionQuote,
} from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { AccountName } from "../contacts/AccountName.js";
import { HistoryLink } from "../data/HistoryPage.js";
import { MoreFields } from "../fields/MoreFields.js";
import { RecordLink } from "../fields/RecordLink.js";
import type { KeyIn } from "../i18n/keys.js";
import type { Row } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { DeleteButton } from "../ui/DeleteButton.js";
import { formatCalendarDay, formatDay } from "../ui/dates.js";
import { WriteLink } from "../ui/EditLink.js";
import { ListPage } from "../ui/ListPage.js";
import { NotFound } from "../ui/NotFound.js";
import type { ListColumnsSpec } from "../views/useListColumns.js";
import { LinesTable } from "./LinesTable.js";
import { ProvisionalBadge } from "./ProvisionalBadge.js";
import { QuoteStatusBadge } from "./QuoteStatusBadge.js";
import { useMoney, useSettings } from "./useSettings.js";

export function QuotesList() {
  const { t } = useTranslation();
  const money = useMoney(useSettings());
  const header = t("sales.quotes.fields.total");
  // A quote's total is computed from its lines: a column of its own, not a stored field.
  const columns = useMemo<ListColumnsSpec<Row<Quote>>>(
    () => ({
      cells: { status: (q) => <QuoteStatusBadge status={q.status} /> },
      extras: { total: { header, cell: (q) => money(linesTotals(q.lines).total), className: "num" } },
    }),
    [header, money],
  );
  return <ListPage<Row<Quote>> collection="quotes" prefix="sales.quotes" title={(q) => q.number} columns={columns} />;
}

export function QuotePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { db, store, me, numbers } = useRuntime();
  const settings = useSettings();
  const money = useMoney(settings);
  const canWrite = useCanWrite("quotes");
  const canOrder = useCanWrite("orders");
  const [, navigate] = useLocation();
  const [error, setError] = useState("");
  const quote = useLiveQuery(() => db.quotes.get(id).then((r) => r ?? null), [db, id]);
  const order = useLiveQuery(() => (quote?.orderId ? db.orders.get(quote.orderId) : undefined), [db, quote?.orderId]);
  if (quote === undefined) return null;
  if (quote === null) return <NotFound back="/quotes" />;
  const f = (k: KeyIn<"sales.quotes.fields">) => t(`sales.quotes.fields.${k}`);

  const moveTo = async (to: QuoteStatus) => {
    setError("");
    if (to !== "accepted") return store.write("quotes", id, transitionQuote(quote, to));
    if (!quote.lines.length) return setError(t("sales.quotes.noLinesToOrder"));
    // Accepting makes the order: validated first, then the order and the quote's link to it.
    const orderId = newId();
    const plan = planQuoteAcceptance(quote, {
      id: orderId,
      number: await numbers.take("order"),
      at: Date.now(),
      by: me.name,
    });
    const valid = recordTypes.orders.validate(plan.order, { settings });
    if (!valid.ok) return setError(valid.issues.map((i) => `${i.field}: ${i.message}`).join("; "));
    await store.write("orders", orderId, valid.value as never);
    await store.write("quotes", id, plan.quoteChanges);
  };

  return (
    <article className="page record-page" aria-labelledby="record-title">
      <nav className="crumbs" aria-label="breadcrumb">
        <Link href="/quotes">{t("sales.quotes.title")}</Link>
      </nav>
      <header className="record-head">
        <h1 id="record-title">{t("sales.quotes.printTitle", { number: quote.number })}</h1>
        <QuoteStatusBadge status={quote.status} />
        <ProvisionalBadge number={quote.number} />
        <div className="grow" />
        <HistoryLink collection="quotes" id={id} />
        <Link href={`/quotes/${id}/print`} className="button">
          {t("sales.quotes.print")}
        </Link>
        {quote.status !== "accepted" && (
          <WriteLink href={`/quotes/${id}/edit`} label={t("common.edit")} canWrite={canWrite} />
        )}
        {quote.status !== "accepted" && (
          <DeleteButton
            disabled={!canWrite}
            onConfirm={async () => {
              await store.remove("quotes", id);
              navigate("/quotes", { replace: true });
            }}
          />
        )}
      </header>
      <div className="record-grid">
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">{t("sales.leads.details")}</h2>
          <dl className="details">
            <dt>{f("account")}</dt>
            <dd>
              <AccountName id={quote.accountId} link />
            </dd>
            <dt>{f("opportunity")}</dt>
            <dd>
              <OpportunityLink id={quote.opportunityId} />
            </dd>
            {quote.contactId && (
              <>
                <dt>{t("contacts.fields.name")}</dt>
                <dd>
                  <RecordLink collection="contacts" id={quote.contactId} />
                </dd>
              </>
            )}
            <dt>{f("validUntil")}</dt>
            <dd>{quote.validUntil ? formatCalendarDay(i18n.language, quote.validUntil) : "—"}</dd>
            <dt>{f("total")}</dt>
            <dd>{money(linesTotals(quote.lines).total)}</dd>
            {quote.orderId && (
              <>
                <dt>{t("sales.quotes.order")}</dt>
                <dd>{order ? <Link href={`/orders/${order.id}`}>{order.number}</Link> : "—"}</dd>
              </>
            )}
          </dl>
        </section>
        <MoreFields collection="quotes" record={quote} />
        <section className="card" aria-labelledby="status-title">
          <h2 id="status-title">{f("status")}</h2>
          {quote.status === "accepted" && order && (
            <p role="status">{t("sales.quotes.becameOrder", { number: order.number })}</p>
          )}
          <div className="status-actions">
            {quoteTransitions[quote.status].map((to) => (
              <button
                key={to}
                type="button"
                className={`button${to === "accepted" ? " primary" : ""}`}
                disabled={!canWrite || (to === "accepted" && !canOrder)}
                title={canWrite ? undefined : t("access.readOnly")}
                onClick={() => void moveTo(to)}
              >
                {t(`sales.quotes.actions.${to}`)}
              </button>
            ))}
          </div>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </section>
        <section className="card wide" aria-labelledby="lines-title">
          <h2 id="lines-title">{t("sales.quotes.lines")}</h2>
          {quote.lines.length === 0 ? (
            <p className="muted">{t("sales.quotes.noLines")}</p>
          ) : (
            <LinesTable lines={quote.lines} money={money} label={t("sales.quotes.lines")} />
          )}
        </section>
      </div>
    </article>
  );
}

function OpportunityLink({ id }: { id: string }) {
  const { db } = useRuntime();
  const opp = useLiveQuery(() => (id ? db.opportunities.get(id) : undefined), [db, id]);
  return opp ? <Link href={`/opportunities/${id}`}>{opp.name}</Link> : <>—</>;
}

/** The quote as a customer reads it; the browser prints it or saves it as PDF. */
export function QuotePrint({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { db } = useRuntime();
  const settings = useSettings();
  const money = useMoney(settings);
  const quote = useLiveQuery(() => db.quotes.get(id).then((r) => r ?? null), [db, id]);
  const account = useLiveQuery(() => (quote ? db.accounts.get(quote.accountId) : undefined), [db, quote?.accountId]);
  if (quote === undefined) return null;
  if (quote === null) return <NotFound back="/quotes" />;
  const address = account
    ? [
        account.billingStreet,
        [account.billingPostalCode, account.billingCity].filter(Boolean).join(" "),
        account.billingCountry,
      ]
        .filter(Boolean)
        .join(", ")
    : "";
  return (
    <article className="page" aria-labelledby="print-title">
      <div className="page-head no-print">
        <Link href={`/quotes/${id}`}>{t("common.back")}</Link>
        <div className="grow" />
        <button type="button" className="button primary" onClick={() => window.print()}>
          {t("sales.quotes.print")}
        </button>
      </div>
      <div className="print-page">
        <header>
          <div>
            <h1 id="print-title">{t("sales.quotes.printTitle", { number: quote.number })}</h1>
            <p className="muted">
              {t("sales.quotes.date")}: {formatDay(i18n.language, quote.createdAt)}
              {quote.validUntil &&
                ` · ${t("sales.quotes.fields.validUntil")}: ${formatCalendarDay(i18n.language, quote.validUntil)}`}
            </p>
          </div>
          <div>
            <strong>{t("sales.quotes.forAccount")}</strong>
            <p>
              {account?.name ?? "—"}
              {address && (
                <>
                  <br />
                  {address}
                </>
              )}
            </p>
          </div>
        </header>
        <LinesTable lines={quote.lines} money={money} label={t("sales.quotes.lines")} />
      </div>
    </article>
  );
}
