import { type LineItem, linesTotals, lineTotal } from "@crm/schema";
import { useTranslation } from "react-i18next";
import type { KeyIn } from "../i18n/keys.js";

/** A quote's or order's lines with their totals, read-only (the page, the print page, orders). */
export function LinesTable({ lines, money, label }: { lines: LineItem[]; money(n: number): string; label: string }) {
  const { t } = useTranslation();
  const l = (k: KeyIn<"sales.quotes.line">) => t(`sales.quotes.line.${k}`);
  const totals = linesTotals(lines);
  return (
    <table className="sales-table lines" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{l("description")}</th>
          <th scope="col" className="num">
            {l("quantity")}
          </th>
          <th scope="col" className="num">
            {l("unitPrice")}
          </th>
          <th scope="col" className="num">
            {l("discountPct")}
          </th>
          <th scope="col" className="num">
            {l("taxPct")}
          </th>
          <th scope="col" className="num">
            {l("total")}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.id}>
            <td>{line.description}</td>
            <td className="num">{line.quantity}</td>
            <td className="num">{money(line.unitPrice)}</td>
            <td className="num">{line.discountPct ? `${line.discountPct}%` : "—"}</td>
            <td className="num">{line.taxPct ? `${line.taxPct}%` : "—"}</td>
            <td className="num">{money(lineTotal(line))}</td>
          </tr>
        ))}
      </tbody>
      <Totals totals={totals} money={money} columns={6} />
    </table>
  );
}

/** Subtotal, discount, tax and total rows under a lines table. */
export function Totals({
  totals,
  money,
  columns,
}: {
  totals: ReturnType<typeof linesTotals>;
  money(n: number): string;
  columns: number;
}) {
  const { t } = useTranslation();
  const row = (key: string, label: string, amount: number) => (
    <tr key={key} data-total={key}>
      <th scope="row" colSpan={columns - 1} className="num">
        {label}
      </th>
      <td className="num">{money(amount)}</td>
    </tr>
  );
  return (
    <tfoot>
      {row("subtotal", t("sales.quotes.subtotal"), totals.gross)}
      {totals.discount > 0 && row("discount", t("sales.quotes.discount"), -totals.discount)}
      {totals.tax > 0 && row("tax", t("sales.quotes.tax"), totals.tax)}
      {row("total", t("sales.quotes.total"), totals.total)}
    </tfoot>
  );
}
