import type { Cell } from "@crm/analytics";

/*
 * CSV as RFC 4180 describes it: comma-separated fields, CRLF between records, a field quoted
 * when it holds a comma, a quote, CR or LF, with quotes doubled inside. A text value that begins
 * with = + - @ tab or CR is prefixed with ' so a spreadsheet shows it as text instead of running
 * it as a formula (OWASP "CSV injection"); numbers are left alone, so -5 stays a number.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: Cell): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header record and one record per row, each ending in CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [header, ...rows].map((r) => `${r.map(csvField).join(",")}\r\n`);
  return lines.join("");
}

/** Lets the browser save `data` as a file called `fileName`. */
export function downloadFile(fileName: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads rows as `<name>.csv` (UTF-8 with a byte-order mark, so Excel reads Chinese right). */
export function downloadCsv(name: string, header: readonly string[], rows: readonly (readonly Cell[])[]): void {
  downloadFile(`${name}.csv`, `\uFEFF${toCsv(header, rows)}`, "text/csv;charset=utf-8");
}
