import {
  type Account,
  emailDomain,
  type FieldIssue,
  findLikelyAccounts,
  freeMailDomains,
  type Lead,
} from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { useRuntime } from "../runtime/context.js";
import { hasChanges, useEscapeToLeave } from "../ui/DiscardGuard.js";
import { Field, useIssueText } from "../ui/Field.js";
import { convertLead } from "./convertLead.js";
import { leadName } from "./LeadsList.js";
import { useSettings } from "./useSettings.js";

/**
 * The conversion form: which account (a likely existing one is offered, the person decides),
 * and the opportunity to open. Esc closes it (asking first once something was changed); focus
 * starts on the first choice.
 */
export function ConvertPanel({ lead, onClose }: { lead: Lead; onClose(): void }) {
  const { t } = useTranslation();
  const { db, store, me } = useRuntime();
  const settings = useSettings();
  const issueText = useIssueText();
  const [, navigate] = useLocation();
  const titleId = useId();
  const ref = useRef<HTMLFormElement>(null);
  const matches = useLiveQuery(async () => {
    // Candidates from the search index (company words, the email's domain), then schema's matcher
    // decides: no need to read every account of a 20k-account workspace.
    const words = lead.company
      .toLocaleLowerCase()
      .split(/[\s,;:()/@.-]+/)
      .filter((w) => w.length > 1);
    const domain = emailDomain(lead.email);
    const keys = new Set<string>();
    if (words[0]) for (const k of await db.accounts.where("terms").equals(words[0]).primaryKeys()) keys.add(k);
    if (domain && !freeMailDomains.has(domain))
      for (const k of await db.accounts.where("terms").equals(domain).primaryKeys()) keys.add(k);
    const accounts = (await db.accounts.bulkGet([...keys].slice(0, 500))).filter(
      (a): a is NonNullable<typeof a> => !!a,
    );
    return findLikelyAccounts(lead, accounts as Account[]);
  }, [db, lead.company, lead.email]);
  const [accountId, setAccountId] = useState<string | null>(null);
  const chosen = accountId ?? matches?.[0]?.account.id ?? "";
  const company = lead.company || leadName(lead);
  const [start] = useState(() => ({ name: `${company} – new deal`, amount: "", closeDate: "" }));
  const [opp, setOpp] = useState(start);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>("input")?.focus();
  }, []);
  const leaving = useEscapeToLeave({ dirty: accountId !== null || hasChanges(opp, start), leave: onClose });
  const issue = (field: string) => issues.find((i) => i.field === `opportunity.${field}`);
  const other = issues.filter((i) => !/^opportunity\.(name|amount|closeDate)$/.test(i.field));

  return (
    <>
      <form
        ref={ref}
        className="card convert-panel"
        aria-labelledby={titleId}
        noValidate
        onKeyDown={leaving.onKeyDown}
        onSubmit={async (e) => {
          e.preventDefault();
          if (busy) return;
          setBusy(true);
          const r = await convertLead(store, lead, { accountId: chosen, owner: me.id, opportunity: opp }, settings);
          setBusy(false);
          if (!r.ok) return setIssues(r.issues);
          navigate(`/opportunities/${r.opportunityId}`);
        }}
      >
        <h2 id={titleId}>{t("sales.leads.convertTitle", { name: leadName(lead) })}</h2>
        <p className="muted">{t("sales.leads.convertLead")}</p>
        <fieldset>
          <legend>{t("sales.leads.accountChoice")}</legend>
          {matches && matches.length > 0 && <p className="small">{t("sales.leads.likelyMatch")}</p>}
          {matches?.map((m) => (
            <label key={m.account.id} className="radio">
              <input
                type="radio"
                name="account"
                checked={chosen === m.account.id}
                onChange={() => setAccountId(m.account.id)}
              />
              <span>
                {t("sales.leads.useExisting", { name: m.account.name })}{" "}
                <span className="muted small">
                  ({m.reasons.map((r) => t(`sales.leads.matchReason.${r}`)).join(", ")})
                </span>
              </span>
            </label>
          ))}
          <label className="radio">
            <input type="radio" name="account" checked={chosen === ""} onChange={() => setAccountId("")} />
            <span>{t("sales.leads.createAccount", { name: company })}</span>
          </label>
        </fieldset>
        <div className="grid-3">
          <Field
            name="oppName"
            label={t("sales.leads.oppName")}
            value={opp.name}
            onChange={(name) => setOpp((o) => ({ ...o, name }))}
            issue={issue("name")}
          />
          <Field
            name="oppAmount"
            label={t("sales.leads.oppAmount")}
            value={opp.amount}
            inputMode="decimal"
            onChange={(amount) => setOpp((o) => ({ ...o, amount }))}
            issue={issue("amount")}
          />
          <Field
            name="oppClose"
            label={t("sales.leads.oppClose")}
            type="date"
            value={opp.closeDate}
            onChange={(closeDate) => setOpp((o) => ({ ...o, closeDate }))}
            issue={issue("closeDate")}
          />
        </div>
        {other.length > 0 && (
          <ul className="form-error" role="alert">
            {other.map((i) => (
              <li key={i.field}>
                {i.field}: {issueText(i)}
              </li>
            ))}
          </ul>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t("sales.leads.doConvert")}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
      {leaving.dialog}
    </>
  );
}
