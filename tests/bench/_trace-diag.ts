// TEMPORARY diagnostic (deleted after use): Chrome trace of warm and cold app loads, main-thread
// time by trace event name between navigation start and crm:first-rows.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "@playwright/test";
import playwrightConfig from "../playwright.config.js";
import { ServerProcess } from "../support/server-process.js";
import { INIT_SCRIPT, readTimings } from "./in-page.js";

const args = [...(playwrightConfig.use?.launchOptions?.args ?? []), "--enable-precise-memory-info"];
type Ev = { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: any };

async function launch(dir: string): Promise<BrowserContext> {
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: "/usr/bin/chromium",
    args,
    timeout: 60_000,
  });
  await ctx.addInitScript({ content: INIT_SCRIPT });
  return ctx;
}

async function traced(ctx: BrowserContext, page: Page, url: string) {
  const browser = ctx.browser()!;
  await browser.startTracing(page, {
    categories: [
      "toplevel",
      "devtools.timeline",
      "disabled-by-default-devtools.timeline",
      "v8",
      "v8.execute",
      "blink.user_timing",
      "loading",
      "IndexedDB",
      "ServiceWorker",
    ],
  });
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => performance.getEntriesByName("crm:first-rows").length > 0, undefined, {
    timeout: 60_000,
    polling: "raf",
  });
  const t = await page.evaluate(readTimings);
  const buf = await browser.stopTracing();
  const events: Ev[] = JSON.parse(buf.toString()).traceEvents;
  const mark = events.find((e) => e.name === "crm:first-rows");
  if (!mark) throw new Error("no mark in trace");
  const end = mark.ts;
  const start = end - t.firstRowsEntry! * 1000;
  const main = events.filter(
    (e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === "X" && e.ts < end && e.ts + (e.dur ?? 0) > start,
  );
  const by = new Map<string, number>();
  let busy = 0;
  for (const e of main) {
    const d = (Math.min(end, e.ts + (e.dur ?? 0)) - Math.max(start, e.ts)) / 1000;
    by.set(e.name, (by.get(e.name) ?? 0) + d);
    if (e.name === "ThreadControllerImpl::RunTask" || e.name === "RunTask") busy += d;
  }
  // IndexedDB events anywhere in the process (backend thread) for context
  const idb = new Map<string, number>();
  for (const e of events)
    if (e.cat.includes("IndexedDB") && e.ph === "X" && e.ts < end && e.ts > start)
      idb.set(e.name, (idb.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  const top = [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 28)
    .map(([k, v]) => `${v.toFixed(1).padStart(7)}  ${k}`);
  const topIdb = [...idb]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, v]) => `${v.toFixed(1).padStart(7)}  ${k}`);
  return { firstRows: t.firstRowsEntry, busy, phases: t.bench, nav: t.nav, top, topIdb };
}

process.env.STATIC_DIR = "/tmp/crm-diag-min";
const dir = mkdtempSync(join(os.tmpdir(), "crm-trace-"));
const server = await ServerProcess.start();
let ctx: BrowserContext | null = null;
try {
  ctx = await launch(dir);
  const p = await ctx.newPage();
  await p.goto(`${server.url}/accounts`);
  await p.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
  });
  await p.waitForFunction(() => (window as any).__crm);
  await p.evaluate(() => (window as any).__crm.loadDemo("big"));
  console.log("seeded", await p.evaluate(() => (window as any).__crm.db.accounts.count()));
  await ctx.close();
  ctx = null;
  await server.stop();
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    ctx = await launch(dir);
    const page = ctx.pages()[0]!;
    const r = await traced(ctx, page, `${server.url}/accounts`);
    console.log(
      `\nCOLD ${i}: firstRows ${r.firstRows?.toFixed(1)} busy ${r.busy.toFixed(1)}`,
      JSON.stringify(r.phases),
      JSON.stringify(r.nav),
    );
    console.log(r.top.join("\n"));
    console.log("IDB:", r.topIdb.join(" | "));
    // warm: new tabs in the same browser
    if (i === 2) {
      for (let j = 0; j < 3; j++) {
        const wp = await ctx.newPage();
        await new Promise((r) => setTimeout(r, 4000));
        const w = await traced(ctx, wp, `${server.url}/accounts`);
        console.log(
          `\nWARM ${j}: firstRows ${w.firstRows?.toFixed(1)} busy ${w.busy.toFixed(1)}`,
          JSON.stringify(w.phases),
          JSON.stringify(w.nav),
        );
        console.log(w.top.join("\n"));
        console.log("IDB:", w.topIdb.join(" | "));
        await wp.close();
      }
    }
    await ctx.close();
    ctx = null;
  }
} finally {
  await ctx?.close();
  await server.dispose();
  rmSync(dir, { recursive: true, force: true });
}
