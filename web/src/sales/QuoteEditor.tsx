import {
  type FieldIssue,
  type LineItem,
  linesTotals,
  lineTotal,
  type Quote,
  recordTypes,
  type StoredRecord,
} from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useSearch } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import { AccountPicker } from "../contacts/AccountPicker.js";
import type { KeyIn } from "../i18n/keys.js";
import { hasChanges, useEscapeToLeave } from "../ui/DiscardGuard.js";
import { NotFound } from "../ui/EditRecord.js";
import { focusFirstInvalid } from "../ui/Field.js";
import { Totals } from "./LinesTable.js";
import { SalesField, useIssueText } from "./SalesField.js";
import { useMoney, useSettings } from "./useSettings.js";

type LineDraft = Record<
  "id" | "productId" | "description" | "quantity" | "unitPrice" | "discountPct" | "taxPct",
  string
>;
interface QuoteDraft {
  accountId: string;
  opportunityId: string;
  validUntil: string;
  lines: LineDraft[];
}

const toDraft = (l: LineItem): LineDraft => ({
  id: l.id,
  productId: l.productId,
  description: l.description,
  quantity: String(l.quantity),
  unitPrice: String(l.unitPrice),
  discountPct: String(l.discountPct),
  taxPct: String(l.taxPct),
});

export function QuoteNew() {
  const { t } = useTranslation();
  const params = new URLSearchParams(useSearch());
  return (
    <QuoteForm
      title={t("sales.quotes.newTitle")}
      initial={{
        accountId: params.get("account") ?? "",
        opportunityId: params.get("opportunity") ?? "",
        validUntil: "",
        lines: [],
      }}
    />
  );
}

export function QuoteEdit({ id }: { id: string }) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const quote = useLiveQuery(() => db.quotes.get(id).then((r) => r ?? null), [db, id]);
  // The values the edit starts from, frozen: a teammate's later change is not ours to overwrite.
  const base = useRef<Quote | null>(null);
  if (quote && !base.current) base.current = quote;
  if (quote === undefined) return null;
  if (quote === null || !base.current) return <NotFound back="/quotes" />;
  if (quote.status === "accepted")
    return (
      <div className="empty">
        <p>{t("sales.quotes.readOnlyAccepted")}</p>
        <Link href={`/quotes/${id}`} className="button">
          {t("common.back")}
        </Link>
      </div>
    );
  const q = base.current;
  return (
    <QuoteForm
      title={t("sales.quotes.editTitle", { number: q.number })}
      existing={q}
      initial={{
        accountId: q.accountId,
        opportunityId: q.opportunityId,
        validUntil: q.validUntil,
        lines: q.lines.map(toDraft),
      }}
    />
  );
}

/** Lines are built from the price book; each keeps its own quantity, discount and tax. */
function QuoteForm({ title, initial, existing }: { title: string; initial: QuoteDraft; existing?: Quote }) {
  const { t } = useTranslation();
  const { db, store, numbers } = useRuntime();
  const settings = useSettings();
  const money = useMoney(settings);
  const issueText = useIssueText();
  const [, navigate] = useLocation();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<QuoteDraft>(initial);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const [pick, setPick] = useState("");
  const leaving = useEscapeToLeave({
    dirty: hasChanges(draft, initial),
    leave: () => navigate(existing ? `/quotes/${existing.id}` : "/quotes"),
  });
  const products = useLiveQuery(
    async () => (await db.products.orderBy("sortKey").toArray()).filter((p) => p.active),
    [db],
  );
  const opportunities = useLiveQuery(
    () => (draft.accountId ? db.opportunities.where("accountId").equals(draft.accountId).toArray() : []),
    [db, draft.accountId],
  );
  const issue = (field: string) => issues.find((i) => i.field === field);
  const setLine = (i: number, field: keyof LineDraft) => (value: string) => {
    setDraft((d) => ({ ...d, lines: d.lines.map((l, j) => (j === i ? { ...l, [field]: value } : l)) }));
    setIssues((list) => list.filter((x) => x.field !== `lines.${i}.${field}`));
  };
  const addProduct = (productId: string) => {
    const p = products?.find((x) => x.id === productId);
    if (!p) return;
    const line: LineDraft = {
      id: "",
      productId: p.id,
      description: p.name,
      quantity: "1",
      unitPrice: String(p.unitPrice),
      discountPct: "0",
      taxPct: "0",
    };
    setDraft((d) => ({ ...d, lines: [...d.lines, line] }));
    setPick("");
  };
  // Totals as typed: a line whose numbers do not parse yet counts as zero until fixed.
  const numeric = draft.lines.map((l) => ({
    quantity: Number(l.quantity) || 0,
    unitPrice: Number(l.unitPrice) || 0,
    discountPct: Math.min(100, Math.max(0, Number(l.discountPct) || 0)),
    taxPct: Math.max(0, Number(l.taxPct) || 0),
  }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    const input = { ...draft, status: existing?.status ?? "draft" };
    // A new quote takes its number only once the form is valid: a refused save leaves no gap.
    const checked = recordTypes.quotes.validate(input, { settings });
    const result = existing
      ? await store.update("quotes", existing.id, { ...existing, ...input }, existing as unknown as StoredRecord)
      : checked.ok
        ? await store.create("quotes", { ...input, number: await numbers.take("quote") })
        : checked;
    setSaving(false);
    if (result.ok) return navigate(`/quotes/${result.id}`, { replace: true });
    setIssues(result.issues);
    focusFirstInvalid(formRef.current);
  };
  const l = (k: KeyIn<"sales.quotes.line">, opts?: Record<string, unknown>) => t(`sales.quotes.line.${k}`, opts ?? {});
  return (
    <section className="page form-page" aria-labelledby="form-title">
      <form ref={formRef} className="card form quote-form" noValidate onSubmit={submit} onKeyDown={leaving.onKeyDown}>
        <h1 id="form-title">{title}</h1>
        {issues.length > 0 && (
          <p className="form-error" role="alert">
            {t("errors.summary")}
          </p>
        )}
        <div className="grid-3">
          <div>
            <AccountPicker
              value={draft.accountId}
              onChange={(accountId) => {
                setDraft((d) => ({ ...d, accountId, opportunityId: "" }));
                setIssues((list) => list.filter((x) => x.field !== "accountId"));
              }}
              label={t("sales.quotes.fields.account")}
            />
            {issue("accountId") && <p className="field-error">{issueText(issue("accountId")!)}</p>}
          </div>
          <div className="field">
            <label htmlFor="quote-opportunity">{t("sales.quotes.fields.opportunity")}</label>
            <select
              id="quote-opportunity"
              value={draft.opportunityId}
              onChange={(e) => setDraft((d) => ({ ...d, opportunityId: e.target.value }))}
            >
              <option value="">—</option>
              {opportunities?.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <SalesField
            name="validUntil"
            label={t("sales.quotes.fields.validUntil")}
            type="date"
            value={draft.validUntil}
            onChange={(validUntil) => setDraft((d) => ({ ...d, validUntil }))}
            issue={issue("validUntil")}
          />
        </div>
        <h2>{t("sales.quotes.lines")}</h2>
        {draft.lines.length === 0 ? (
          <p className="muted">{t("sales.quotes.noLines")}</p>
        ) : (
          <table className="sales-table line-table" aria-label={t("sales.quotes.lines")}>
            <thead>
              <tr>
                <th scope="col">{l("description")}</th>
                <th scope="col">{l("quantity")}</th>
                <th scope="col">{l("unitPrice")}</th>
                <th scope="col">{l("discountPct")}</th>
                <th scope="col">{l("taxPct")}</th>
                <th scope="col" className="num">
                  {l("total")}
                </th>
                <th scope="col">
                  <span className="sr-only">{l("remove", { n: "" })}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.lines.map((line, i) => (
                <tr key={line.id || `new-${i}`}>
                  {(["description", "quantity", "unitPrice", "discountPct", "taxPct"] as const).map((field) => {
                    const problem = issue(`lines.${i}.${field}`);
                    return (
                      <td key={field}>
                        <input
                          aria-label={`${l(field)} ${i + 1}`}
                          value={line[field]}
                          inputMode={field === "description" ? undefined : "decimal"}
                          onChange={(e) => setLine(i, field)(e.target.value)}
                          aria-invalid={problem ? true : undefined}
                        />
                        {problem && <p className="field-error">{issueText(problem)}</p>}
                      </td>
                    );
                  })}
                  <td className="num">{money(lineTotal(numeric[i]!))}</td>
                  <td>
                    <button
                      type="button"
                      className="button small"
                      aria-label={l("remove", { n: i + 1 })}
                      onClick={() => setDraft((d) => ({ ...d, lines: d.lines.filter((_, j) => j !== i) }))}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
            <Totals totals={linesTotals(numeric)} money={money} columns={6} />
          </table>
        )}
        {products && products.length === 0 ? (
          <p className="muted">
            {t("sales.quotes.noProducts")} <Link href="/products/new">{t("sales.products.new")}</Link>
          </p>
        ) : (
          <div className="add-line">
            <label htmlFor="quote-add-product">{l("product")}</label>
            <select id="quote-add-product" value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">—</option>
              {products?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} · {p.sku} · {money(p.unitPrice)}
                </option>
              ))}
            </select>
            <button type="button" className="button small" disabled={!pick} onClick={() => addProduct(pick)}>
              {t("sales.quotes.addProduct")}
            </button>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={saving}>
            {t("common.save")}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => navigate(existing ? `/quotes/${existing.id}` : "/quotes")}
          >
            {t("common.cancel")}
          </button>
        </div>
      </form>
      {leaving.dialog}
    </section>
  );
}
