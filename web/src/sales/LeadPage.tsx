import { contactName, type Lead, scoreLead } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { ActivityTimeline } from "../activities/Timeline.js";
import { HistoryLink } from "../data/HistoryPage.js";
import { MoreFields } from "../fields/MoreFields.js";
import { hasKey, type KeyIn } from "../i18n/keys.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { DeleteButton } from "../ui/DeleteButton.js";
import { WriteLink } from "../ui/EditLink.js";
import { NotFound } from "../ui/NotFound.js";
import { PersonName } from "../ui/Person.js";
import { PhoneLink } from "../ui/Phone.js";
import { ConvertPanel } from "./ConvertPanel.js";
import { LeadStatusBadge } from "./LeadStatusBadge.js";
import { leadName } from "./LeadsList.js";
import { useSettings } from "./useSettings.js";

export function LeadPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { db, store } = useRuntime();
  const settings = useSettings();
  const canWrite = useCanWrite("leads");
  // Converting writes accounts, contacts and opportunities too.
  const canWriteAccounts = useCanWrite("accounts");
  const canWriteContacts = useCanWrite("contacts");
  const canWriteOpps = useCanWrite("opportunities");
  const canConvert = canWrite && canWriteAccounts && canWriteContacts && canWriteOpps;
  const [, navigate] = useLocation();
  const [converting, setConverting] = useState(false);
  const lead = useLiveQuery(() => db.leads.get(id).then((r) => r ?? null), [db, id]);
  if (lead === undefined) return null;
  if (lead === null) return <NotFound back="/leads" />;
  const f = (k: KeyIn<"sales.leads.fields">) => t(`sales.leads.fields.${k}`);
  const { score, hits } = scoreLead(lead, settings.leadScoring.rules);
  return (
    <article className="page record-page" aria-labelledby="record-title">
      <nav className="crumbs" aria-label="breadcrumb">
        <Link href="/leads">{t("sales.leads.title")}</Link>
      </nav>
      <header className="record-head">
        <h1 id="record-title">{leadName(lead)}</h1>
        <LeadStatusBadge lead={lead} />
        <div className="grow" />
        <HistoryLink collection="leads" id={lead.id} />
        {!lead.convertedAt && (
          <button
            type="button"
            className="button primary"
            disabled={!canConvert || lead.status === "disqualified" || converting}
            title={
              !canConvert
                ? t("access.readOnly")
                : lead.status === "disqualified"
                  ? t("sales.leads.cannotConvert")
                  : undefined
            }
            onClick={() => setConverting(true)}
          >
            {t("sales.leads.convert")}
          </button>
        )}
        <WriteLink href={`/leads/${id}/edit`} label={t("common.edit")} canWrite={canWrite} />
        <DeleteButton
          disabled={!canWrite}
          onConfirm={async () => {
            await store.remove("leads", id);
            navigate("/leads", { replace: true });
          }}
        />
      </header>
      {converting && !lead.convertedAt && <ConvertPanel lead={lead} onClose={() => setConverting(false)} />}
      <div className="record-grid">
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">{t("sales.leads.details")}</h2>
          <dl className="details">
            <dt>{f("company")}</dt>
            <dd>{lead.company || "—"}</dd>
            <dt>{f("title")}</dt>
            <dd>{lead.title || "—"}</dd>
            <dt>{f("email")}</dt>
            <dd>{lead.email ? <a href={`mailto:${lead.email}`}>{lead.email}</a> : "—"}</dd>
            <dt>{f("phone")}</dt>
            <dd>
              <PhoneLink value={lead.phone} />
            </dd>
            <dt>{f("source")}</dt>
            <dd>
              {hasKey("sales.leads.sources", lead.source) ? t(`sales.leads.sources.${lead.source}`) : lead.source}
            </dd>
            <dt>{f("owner")}</dt>
            <dd>
              <PersonName id={lead.owner} />
            </dd>
          </dl>
        </section>
        <MoreFields collection="leads" record={lead} />
        <section className="card" aria-labelledby="score-title">
          <h2 id="score-title">
            {f("score")}: <span data-testid="lead-score">{score}</span>
          </h2>
          <h3 className="small muted">{t("sales.leads.whyScore")}</h3>
          {hits.length === 0 ? (
            <p className="muted">{t("sales.leads.noRules")}</p>
          ) : (
            <ul className="plain-list">
              {hits.map((h) => (
                <li key={`${h.rule.field}-${h.rule.operator}-${h.rule.value}`}>
                  <span>
                    {hasKey("sales.leads.fields", h.rule.field) ? f(h.rule.field) : h.rule.field}{" "}
                    {t(`sales.leads.operators.${h.rule.operator}`)} {h.rule.value}
                  </span>
                  <span className="muted small">
                    {t("sales.leads.points", { points: h.points > 0 ? `+${h.points}` : h.points })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        {lead.convertedAt && <ConvertedTo lead={lead} />}
        <ActivityTimeline accountId="" about={{ type: "lead", id }} />
      </div>
    </article>
  );
}

/** Where a converted lead went: links to what the conversion created. */
function ConvertedTo({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const linked = useLiveQuery(
    async () => ({
      account: await db.accounts.get(lead.convertedAccountId),
      contact: await db.contacts.get(lead.convertedContactId),
      opportunity: lead.convertedOpportunityId ? await db.opportunities.get(lead.convertedOpportunityId) : undefined,
    }),
    [db, lead],
  );
  return (
    <section className="card" aria-labelledby="converted-title">
      <h2 id="converted-title">{t("sales.leads.convertedTo")}</h2>
      <dl className="details">
        <dt>{t("sales.leads.account")}</dt>
        <dd>{linked?.account ? <Link href={`/accounts/${linked.account.id}`}>{linked.account.name}</Link> : "—"}</dd>
        <dt>{t("sales.leads.contact")}</dt>
        <dd>
          {linked?.contact ? <Link href={`/contacts/${linked.contact.id}`}>{contactName(linked.contact)}</Link> : "—"}
        </dd>
        <dt>{t("sales.leads.opportunity")}</dt>
        <dd>
          {linked?.opportunity ? (
            <Link href={`/opportunities/${linked.opportunity.id}`}>{linked.opportunity.name}</Link>
          ) : (
            "—"
          )}
        </dd>
      </dl>
    </section>
  );
}
