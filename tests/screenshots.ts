/**
 * Screenshots of the main screens, English and Simplified Chinese, for the README and for
 * looking at what we built: `npm run screenshots` (builds nothing; run `npm run build` first).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "@playwright/test";
import config from "./playwright.config.js";
import { repoRoot, ServerProcess } from "./support/serverProcess.js";
import { createTeam, type Person } from "./support/team.js";

const out = join(repoRoot, "docs/screenshots");
mkdirSync(out, { recursive: true });

async function browserPage(browser: Browser, url: string, lang: "en" | "zh", who?: Person): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 780 }, deviceScaleFactor: 1 });
  await ctx.addInitScript((l) => localStorage.setItem("crm.language", l), lang);
  if (who) await ctx.addCookies([{ name: "crm_session", value: who.session, url }]);
  const page = await ctx.newPage();
  await page.goto(`${url}/accounts`);
  return page;
}

const shot = (page: Page, file: string) => page.screenshot({ path: join(out, file) });

async function main() {
  const browser = await chromium.launch(config.use?.launchOptions);
  let server: ServerProcess | null = null;
  try {
    for (const lang of ["en", "zh"] as const) {
      // A fresh server per language, so each starts from the empty workspace.
      await server?.dispose();
      server = await ServerProcess.start();
      const newcomer = await browserPage(browser, server.url, lang);
      await newcomer.locator(".auth-card").waitFor();
      await shot(newcomer, `${lang}-setup.png`);
      await newcomer.context().close();
      const team = await createTeam(server.url, lang === "en" ? "Ada Lovelace" : "李明");
      const a = await browserPage(browser, server.url, lang, team.owner);
      await a.locator(".empty").waitFor();
      await shot(a, `${lang}-accounts-empty.png`);
      await a.getByRole("button", { name: lang === "en" ? "Load demo data" : "加载演示数据" }).click();
      await a.locator(".record-row").first().waitFor();
      await a.waitForFunction(
        () => (window as never as { __crm: { sync: { status: string } } }).__crm.sync.status === "synced",
      );
      await shot(a, `${lang}-accounts.png`);

      const b = await browserPage(
        browser,
        server.url,
        lang,
        await team.join(lang === "en" ? "Grace Hopper" : "王芳", "editor"),
      );
      const first = a.locator(".record-row .row-link").first();
      const accountName = (await first.textContent()) ?? "";
      await first.click();
      await b.getByRole("link", { name: accountName, exact: true }).click();
      const notesA = a.getByRole("textbox", { name: lang === "en" ? "Notes" : "备注" });
      const notesB = b.getByRole("textbox", { name: lang === "en" ? "Notes" : "备注" });
      await notesA.click();
      await a.keyboard.type(
        lang === "en"
          ? "Renewal call on Friday: they want volume pricing for 40 seats."
          : "周五续约电话：客户希望 40 个席位的批量价格。",
      );
      await notesB.getByText(lang === "en" ? "40 seats." : "40 个席位的批量价格。").waitFor();
      await notesB.click();
      await b.keyboard.press("End");
      await b.keyboard.type(lang === "en" ? " Send the quote by Thursday." : " 周四前发送报价。");
      await a.locator(".collaboration-carets__label").first().waitFor();
      await a.locator(".presence").waitFor();
      await shot(a, `${lang}-account.png`);

      await a
        .getByRole("link", { name: lang === "en" ? "Accounts" : "客户" })
        .first()
        .click();
      await a.getByRole("button", { name: lang === "en" ? "New account" : "新建客户" }).click();
      await a.getByLabel(lang === "en" ? "Email" : "邮箱", { exact: true }).fill("sales@");
      await a.getByRole("button", { name: lang === "en" ? "Save" : "保存" }).click();
      await shot(a, `${lang}-account-form-errors.png`);

      await a
        .getByRole("link", { name: lang === "en" ? "Contacts" : "联系人" })
        .first()
        .click();
      await a.locator(".record-row").first().waitFor();
      await shot(a, `${lang}-contacts.png`);

      await a
        .getByRole("link", { name: lang === "en" ? "Analytics" : "分析" })
        .first()
        .click();
      await a.locator(".analytics-card-body svg").first().waitFor({ timeout: 60_000 });
      await a.waitForTimeout(1500); // every card's query has answered
      await shot(a, `${lang}-analytics.png`);

      await a.goto(`${server.url}/pipeline`);
      await a.locator(".record-row, [draggable=true]").first().waitFor({ timeout: 30_000 });
      await shot(a, `${lang}-pipeline.png`);
      await a.goto(`${server.url}/cases`);
      await a.locator("main a").nth(3).waitFor({ timeout: 30_000 });
      await shot(a, `${lang}-cases.png`);
      await a.goto(`${server.url}/activities`);
      await a.locator(".record-row").first().waitFor({ timeout: 30_000 });
      await a.getByLabel(lang === "en" ? "Group by" : "分组依据").selectOption("kind");
      await a.locator(".group-name").first().waitFor({ timeout: 30_000 });
      await shot(a, `${lang}-activities.png`);
      await a.goto(`${server.url}/settings/pipeline`);
      await a.locator("input[aria-label]").first().waitFor({ timeout: 30_000 });
      await shot(a, `${lang}-settings.png`);
      // Settings → Fields: a team's own picklist field on accounts, added and saved.
      const zhUi = lang === "zh";
      await a.goto(`${server.url}/settings/fields`);
      const add = a.getByRole("group", { name: zhUi ? "添加字段" : "Add a field" });
      await add.getByLabel(zhUi ? "名称（英文）" : "Name (English)").fill("Tier");
      await add.getByLabel(zhUi ? "名称（中文）" : "Name (Chinese)").fill("等级");
      await add.getByLabel(zhUi ? "类型" : "Kind").selectOption("picklist");
      for (const [i, [en, zh]] of [
        ["Gold", "金牌"],
        ["Silver", "银牌"],
      ].entries()) {
        await add.getByRole("button", { name: zhUi ? "添加选项" : "Add value" }).click();
        await add.getByLabel(zhUi ? `选项 ${i + 1}（英文）` : `Value ${i + 1} (English)`).fill(en!);
        await add.getByLabel(zhUi ? `选项 ${i + 1}（中文）` : `Value ${i + 1} (Chinese)`).fill(zh!);
      }
      await add.getByRole("button", { name: zhUi ? "添加字段" : "Add field" }).click();
      await a.getByRole("button", { name: zhUi ? "保存更改" : "Save changes" }).click();
      await shot(a, `${lang}-settings-fields.png`);

      await team.join(lang === "en" ? "Vic Viewer" : "赵敏", "viewer");
      await a
        .getByRole("link", { name: lang === "en" ? "Team" : "团队" })
        .first()
        .click();
      await a.locator(".table").first().waitFor();
      await shot(a, `${lang}-team.png`);

      await server.stop();
      await a
        .getByRole("link", { name: lang === "en" ? "Accounts" : "客户" })
        .first()
        .click();
      await a
        .getByRole("status")
        .filter({ hasText: lang === "en" ? "Offline" : "离线" })
        .waitFor();
      await shot(a, `${lang}-offline.png`);
      await server.start();
      await a.context().close();
      await b.context().close();
    }
  } finally {
    await browser.close();
    await server?.dispose();
  }
  console.log(`screenshots in ${out}`);
}

await main();
