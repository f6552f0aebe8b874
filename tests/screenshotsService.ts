/**
 * Screenshots of the service and marketing screens, English and Simplified Chinese, over the demo
 * data: the agents' inbox, a chat case, Settings → Canned responses, Chat, Answers, Sign-up form,
 * and Marketing → Segments. `npx tsx tests/screenshotsService.ts [outDir]` after `npm run build`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Page } from "@playwright/test";
import config from "./playwright.config.js";
import { repoRoot, ServerProcess } from "./support/serverProcess.js";
import { createTeam } from "./support/team.js";

const out = process.argv[2] ?? join(repoRoot, "docs/screenshots");
mkdirSync(out, { recursive: true });

const shot = (page: Page, file: string) => page.screenshot({ path: join(out, file) });

async function main() {
  const browser = await chromium.launch(config.use?.launchOptions);
  const server = await ServerProcess.start();
  try {
    const team = await createTeam(server.url, "Ada Lovelace");
    for (const lang of ["en", "zh"] as const) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 780 }, deviceScaleFactor: 1 });
      await ctx.addInitScript((l) => localStorage.setItem("crm.language", l), lang);
      await ctx.addCookies([{ name: "crm_session", value: team.owner.session, url: server.url }]);
      const a = await ctx.newPage();
      await a.goto(`${server.url}/accounts`);
      if (lang === "en") {
        await a.locator(".empty").waitFor();
        await a.getByRole("button", { name: "Load demo data" }).click();
      }
      await a.locator(".record-row").first().waitFor({ timeout: 60_000 });
      await a.waitForFunction(
        () => (window as never as { __crm: { sync: { status: string } } }).__crm.sync.status === "synced",
      );
      await a.goto(`${server.url}/inbox`);
      await a.locator("[role=option], .inbox-row").first().waitFor({ timeout: 30_000 });
      await a.keyboard.press("j");
      await a.waitForTimeout(500); // the conversation beside the queue has drawn
      await shot(a, `${lang}-inbox.png`);
      for (const section of ["canned", "chat", "answers", "signup"]) {
        await a.goto(`${server.url}/settings/${section}`);
        await a.locator("main h2, main h1").first().waitFor({ timeout: 30_000 });
        await a.waitForTimeout(300);
        await shot(a, `${lang}-settings-${section}.png`);
      }
      await a.goto(`${server.url}/marketing/segments`);
      await a.locator("main h1, main h2").first().waitFor({ timeout: 30_000 });
      await a.waitForTimeout(500);
      await shot(a, `${lang}-segments.png`);
      await ctx.close();
    }
  } finally {
    await browser.close();
    await server.dispose();
  }
  console.log(`screenshots in ${out}`);
}

await main();
