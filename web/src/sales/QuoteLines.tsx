import { type LineItem, linesTotals, lineTotal, recordTypes } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import type { FormSlotProps, FormSlots } from "../fields/RecordFormPage.js";
import type { KeyIn } from "../i18n/keys.js";
import { useRuntime } from "../runtime/context.js";
import { useIssueText } from "../ui/Field.js";
import { Totals } from "./LinesTable.js";
import { useMoney } from "./useSettings.js";

type LineDraft = Record<
  "id" | "productId" | "description" | "quantity" | "unitPrice" | "discountPct" | "taxPct",
  string
>;

const toDraft = (l: LineItem): LineDraft => ({
  id: l.id,
  productId: l.productId,
  description: l.description,
  quantity: String(l.quantity),
  unitPrice: String(l.unitPrice),
  discountPct: String(l.discountPct),
  taxPct: String(l.taxPct),
});

/**
 * The quote form's own part: its lines, built from the price book, each with its own quantity,
 * discount and tax, totals as typed. The header fields are the descriptors' like any form's.
 */
export const quoteSlots: FormSlots = {
  initial: (existing) => ({ lines: ((existing?.lines as LineItem[] | undefined) ?? []).map(toDraft) }),
  Part: QuoteLines,
  // A new quote takes its number only once the form is valid: a refused save leaves no gap.
  async create(input, { runtime, settings }) {
    const checked = recordTypes.quotes.validate(input, { settings });
    if (!checked.ok) return checked;
    return runtime.store.create("quotes", { ...input, number: await runtime.numbers.take("quote") });
  },
  locked: (existing) => (existing.status === "accepted" ? "sales.quotes.readOnlyAccepted" : null),
};

function QuoteLines({ values, set, issue, settings }: FormSlotProps) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const money = useMoney(settings);
  const issueText = useIssueText();
  const [pick, setPick] = useState("");
  const lines = (values.lines as LineDraft[] | undefined) ?? [];
  const products = useLiveQuery(
    async () => (await db.products.orderBy("sortKey").toArray()).filter((p) => p.active),
    [db],
  );
  const setLine = (i: number, field: keyof LineDraft) => (value: string) =>
    set(
      "lines",
      lines.map((l, j) => (j === i ? { ...l, [field]: value } : l)),
    );
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
    set("lines", [...lines, line]);
    setPick("");
  };
  // Totals as typed: a line whose numbers do not parse yet counts as zero until fixed.
  const numeric = lines.map((l) => ({
    quantity: Number(l.quantity) || 0,
    unitPrice: Number(l.unitPrice) || 0,
    discountPct: Math.min(100, Math.max(0, Number(l.discountPct) || 0)),
    taxPct: Math.max(0, Number(l.taxPct) || 0),
  }));
  const l = (k: KeyIn<"sales.quotes.line">, opts?: Record<string, unknown>) => t(`sales.quotes.line.${k}`, opts ?? {});
  return (
    <>
      <h2>{t("sales.quotes.lines")}</h2>
      {lines.length === 0 ? (
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
            {lines.map((line, i) => (
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
                    onClick={() =>
                      set(
                        "lines",
                        lines.filter((_, j) => j !== i),
                      )
                    }
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
    </>
  );
}
