/**
 * Full-page screenshots of the Analytics dashboards and console at 1280 px, English and
 * Simplified Chinese, over the demo data: `npx tsx tests/screenshotsAnalytics.ts [outDir]`
 * (run `npx vite build` first). For looking at legibility (labels, axes, buttons) in both languages.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "@playwright/test";
import config from "./playwright.config.js";
import { repoRoot, ServerProcess } from "./support/serverProcess.js";
import { createTeam, type Person } from "./support/team.js";

const out = process.argv[2] ?? join(repoRoot, "docs/screenshots");
mkdirSync(out, { recursive: true });

async function browserPage(browser: Browser, url: string, lang: "en" | "zh", who: Person): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await ctx.addInitScript((l) => localStorage.setItem("crm.language", l), lang);
  await ctx.addCookies([{ name: "crm_session", value: who.session, url }]);
  const page = await ctx.newPage();
  await page.goto(`${url}/accounts`);
  return page;
}

async function main() {
  const browser = await chromium.launch(config.use?.launchOptions);
  const server = await ServerProcess.start();
  try {
    const team = await createTeam(server.url);
    for (const lang of ["en", "zh"] as const) {
      const a = await browserPage(browser, server.url, lang, team.owner);
      if (lang === "en") {
        // What "Load demo data" runs, awaited to the end (the button goes once the first rows show).
        await a.waitForFunction(() => "__crm" in window);
        await a.evaluate(() =>
          (window as unknown as { __crm: { loadDemo(size: string): Promise<unknown> } }).__crm.loadDemo("demo"),
        );
      }
      await a.locator(".record-row").first().waitFor({ timeout: 60_000 });
      await a.goto(`${server.url}/analytics`);
      // Every chart card has drawn (seven charts over the demo data).
      await a.waitForFunction(() => document.querySelectorAll(".analytics-card-body svg").length >= 7, null, {
        timeout: 60_000,
      });
      await a.screenshot({ path: join(out, `${lang}-analytics-full.png`), fullPage: true });
      const sections = a.locator(".analytics-section");
      for (let i = 0; i < (await sections.count()); i++) {
        await sections.nth(i).screenshot({ path: join(out, `${lang}-analytics-section-${i + 1}.png`) });
      }
      for (const table of await a.getByRole("button", { name: lang === "en" ? "Show as table" : "以表格显示" }).all()) {
        await table.click();
      }
      await a.screenshot({ path: join(out, `${lang}-analytics-tables.png`), fullPage: true });
      await a.goto(`${server.url}/analytics/sql`);
      await a.locator(".cm-editor").waitFor({ timeout: 60_000 });
      await a.screenshot({ path: join(out, `${lang}-analytics-sql.png`), fullPage: true });
      await a.context().close();
    }
  } finally {
    await browser.close();
    await server.dispose();
  }
  console.log(`screenshots in ${out}`);
}

await main();
