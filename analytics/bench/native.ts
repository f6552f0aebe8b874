import { availableParallelism } from "node:os";
import { catalogue, viewStatements } from "../src/catalogue.js";
import { tableLoads } from "../src/load.js";
import { metricParamsSql } from "../src/params.js";
import { dataAsOf, dataSizeFromEnv, dataSizes, demoWorkspace } from "../test-support/demo.js";
import { loadNative, openNative } from "../test-support/native.js";
import { readViewSql } from "../test-support/sqlFiles.js";

/*
 * Times every analytics view on native DuckDB (@duckdb/node-api) with 1 thread and with all
 * threads, over the demo workspace (schema's generator; default `bench`: 50k accounts, 1M
 * orders, 100k survey responses). Each view is read in full, as the app reads it; one warm-up run, then the median
 * of RUNS runs. The Chromium (duckdb-wasm) half of this comparison lives in tests/bench/.
 *
 *   npx tsx analytics/bench/native.ts            (ANALYTICS_DATA_SIZE=demo|big|bench, RUNS=5)
 */

const size = dataSizeFromEnv("bench");
const runs = Number(process.env.RUNS ?? 5);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`RUNS: expected a whole number >= 1, got "${process.env.RUNS}"`);
const cores = availableParallelism();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const since = (t0: number) => performance.now() - t0;
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(1) : Math.round(ms).toString());

const n = dataSizes[size];
console.log(
  `analytics views on native DuckDB — ${size}: ${n.accounts} accounts, ${n.orders} orders, ${n.cases} cases, ` +
    `${n.surveyResponses} survey responses, ${n.opportunities} opportunities; median of ${runs} runs; ${cores} cores`,
);

const db = await openNative();
// In a function, so the generated records can be collected once they are in DuckDB.
async function fill() {
  let t0 = performance.now();
  const data = demoWorkspace(size);
  console.log(`generate ${fmt(since(t0))} ms`);
  t0 = performance.now();
  await loadNative(db.conn, tableLoads(data));
  console.log(`load (appender) ${fmt(since(t0))} ms`);
}
await fill();
await db.conn.run(metricParamsSql({ asOf: dataAsOf, churnDays: 90 }));
for (const statement of viewStatements(readViewSql)) await db.conn.run(statement);

const threadCounts = [...new Set([1, cores])];
const results = new Map<string, { rows: number; ms: number[] }>();
for (const threads of threadCounts) {
  await db.conn.run(`SET threads = ${threads}`);
  for (const v of catalogue) {
    const sql = `SELECT * FROM ${v.id}`;
    const warm = await db.conn.runAndReadAll(sql);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await db.conn.runAndReadAll(sql);
      times.push(since(t));
    }
    const entry = results.get(v.id) ?? { rows: warm.currentRowCount, ms: [] };
    entry.ms.push(median(times));
    results.set(v.id, entry);
  }
}

const header = ["view", "rows", ...threadCounts.map((t) => `${t} thread${t > 1 ? "s" : ""} (ms)`)];
const table = [...results].map(([id, r]) => [id, String(r.rows), ...r.ms.map(fmt)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(line(header));
for (const row of table) console.log(line(row));
db.close();
