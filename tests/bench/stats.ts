/** Small helpers for summarising noisy runs: medians and ranges, never a lone figure. */

export interface Stats {
  n: number;
  median: number;
  min: number;
  max: number;
}

export function stats(values: readonly number[]): Stats | null {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { n: v.length, median: round(median), min: round(v[0]!), max: round(v[v.length - 1]!) };
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const MiB = (bytes: number | undefined): number =>
  bytes === undefined || bytes < 0 ? Number.NaN : bytes / 2 ** 20;

/** Fixed-width text table; the first column left-aligned, the rest right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows].map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return "–";
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** One measurement of a benchmark with a table of rows (api, inbox). */
export interface BenchRow {
  /** What was measured, with its target when it has one. */
  name: string;
  n: number;
  /** Median (ms, MiB or per-minute as `unit` says), p99 when meaningful. */
  p50: number;
  p99?: number;
  unit: string;
  target?: string;
  /** A reference measured in the same run (same rows, same machine), and p50 / reference. */
  reference?: { name: string; p50: number };
  note?: string;
}

/** The rows as a table with their reference ratios, then their notes. */
export function benchReport(rows: readonly BenchRow[]): string {
  const body = table(
    ["measurement", "n", "p50", "p99", "unit", "target", "reference p50", "× reference"],
    rows.map((r) => [
      r.name,
      r.n,
      round(r.p50, 2),
      r.p99 === undefined ? "" : round(r.p99, 2),
      r.unit,
      r.target ?? "",
      r.reference ? `${round(r.reference.p50, 3)} (${r.reference.name})` : "",
      r.reference ? `${round(r.p50 / r.reference.p50, 2)}×` : "",
    ]),
  );
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.name.trim()}: ${r.note}`);
  return [body, ...notes].join("\n");
}
