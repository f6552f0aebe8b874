import { chromium } from "@playwright/test";
import { materializeStatements, viewStatements } from "../../../analytics/src/catalogue.js";
import { loadWorkspace } from "../../../analytics/src/load.js";
import { defaultMetricParamsSql } from "../../../analytics/src/params.js";
import { copyTables, lockDown } from "../../../analytics/src/sandbox.js";
import { type DataSize, demoWorkspace } from "../../../analytics/test-support/demo.js";
import { readViewSql } from "../../../analytics/test-support/sqlFiles.js";
import { openWasmDb, wasmIpc } from "../../../analytics/test-support/wasm.js";
import config from "../../playwright.config.js";
import { ServerProcess } from "../../support/serverProcess.js";
import { createTeam } from "../../support/team.js";
import { stats, table } from "../stats.js";

/*
 * What the console's own database costs (web/src/analytics/consoleDb.ts):
 *
 * 1. Node, duckdb-wasm: what `copyWorkspace` does (copy the tables, create the views) from a
 *    loaded database into a fresh locked one, for the demo workspace at `demo` and `big` size
 *    (median of RUNS). Plain Node cannot import metrics.ts (`?raw`), so the views come from the files.
 * 2. The real app in headless Chromium over the demo workspace ("Load demo data"): opening the
 *    console the first time DWELL_MS after the dashboards drew (the copy, plus whatever is left
 *    of starting the second DuckDB), a query there, "Reset console data" (a new DuckDB + the
 *    copy), all as a person waits for them (until the page shows the result).
 *
 *   npx vite build && npx tsx tests/bench/analytics/consoleCopy.bench.ts   (RUNS=3, SIZES=demo,big, DWELL_MS=5000)
 */

const runs = Number(process.env.RUNS ?? 3);
const sizes = (process.env.SIZES ?? "demo,big").split(",") as DataSize[];
const dwellMs = Number(process.env.DWELL_MS ?? 5000);
const since = (t0: number) => performance.now() - t0;

async function nodeCopy(size: DataSize): Promise<number[]> {
  const source = await openWasmDb();
  await loadWorkspace(source.conn, demoWorkspace(size));
  const views = viewStatements(readViewSql);
  source.conn.query(defaultMetricParamsSql());
  for (const statement of materializeStatements(views)) source.conn.query(statement);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const target = await openWasmDb();
    await lockDown(target.conn);
    const t0 = performance.now();
    await copyTables({ queryIpc: (sql) => wasmIpc(source.conn, sql) }, target.conn);
    for (const statement of views) target.conn.query(statement);
    times.push(since(t0));
    target.conn.close();
  }
  source.conn.close();
  return times;
}

async function until(what: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await what();
  return since(t0);
}

async function inTheApp(): Promise<(string | number)[][]> {
  const browser = await chromium.launch(config.use?.launchOptions);
  const server = await ServerProcess.start();
  try {
    const team = await createTeam(server.url);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addCookies([{ name: "crm_session", value: team.owner.session, url: server.url }]);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/accounts`);
    await page.waitForFunction(() => "__crm" in window);
    await page.evaluate(() =>
      (window as unknown as { __crm: { loadDemo(s: string): Promise<unknown> } }).__crm.loadDemo("demo"),
    );
    await page.goto(`${server.url}/analytics`);
    await page.locator(".analytics-card-body svg").first().waitFor({ timeout: 120_000 });
    // A person reads the dashboards a moment before opening the console (the console's database
    // starts meanwhile: engine.prepareConsole). DWELL_MS=0 measures a click at once.
    await page.waitForTimeout(dwellMs);
    const open = await until(async () => {
      await page.getByRole("link", { name: "SQL console" }).click();
      await page.getByTestId("console-copy").waitFor({ timeout: 120_000 });
    });
    const query: number[] = [];
    for (let i = 0; i < runs * 2; i++) {
      const editor = page.getByLabel("SQL", { exact: true });
      await editor.click();
      await page.keyboard.press("Control+A");
      await editor.fill(
        `SELECT ${1000 + i} AS run, count(*) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id`,
      );
      query.push(
        await until(async () => {
          await editor.press("Control+Enter");
          await page.getByRole("cell", { name: String(1000 + i), exact: true }).waitFor();
        }),
      );
    }
    const reset: number[] = [];
    const button = page.getByRole("button", { name: /Reset console data|Copying…/ });
    for (let i = 0; i < runs; i++) {
      reset.push(
        await until(async () => {
          await button.click();
          // The button says "Copying…" (disabled) for as long as the fresh copy takes.
          await page.getByRole("button", { name: "Copying…" }).waitFor();
          await page.getByRole("button", { name: "Reset console data" }).waitFor({ timeout: 120_000 });
        }),
      );
    }
    const row = (what: string, xs: number[]) => {
      const s = stats(xs)!;
      return [what, s.n, s.median, s.min, s.max];
    };
    return [
      row(`console first open, ${dwellMs} ms after the dashboards drew, ms`, [open]),
      row("a join in the console, ms", query),
      row("Reset console data, ms", reset),
    ];
  } finally {
    await browser.close();
    await server.dispose();
  }
}

const rows: (string | number)[][] = [];
for (const size of sizes) {
  const s = stats(await nodeCopy(size))!;
  rows.push([`copy tables + views, ${size} (Node duckdb-wasm), ms`, s.n, s.median, s.min, s.max]);
}
rows.push(...(await inTheApp()));
console.log(table(["", "n", "median", "min", "max"], rows));
