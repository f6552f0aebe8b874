/**
 * Screenshots of the notifications bell and its panel, English and Simplified Chinese:
 * `npx tsx tests/screenshotsNotifications.ts` (builds nothing; run `npm run build` first). Writes
 * `docs/screenshots/{en,zh}-notifications.png`. Kept apart from screenshots.ts so it can run alone.
 */
import { join } from "node:path";
import { type Browser, chromium } from "@playwright/test";
import config from "./playwright.config.js";
import { repoRoot, ServerProcess } from "./support/serverProcess.js";
import { createTeam, type Person } from "./support/team.js";

const out = join(repoRoot, "docs/screenshots");

async function api(url: string, who: Person, workspace: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      Cookie: `crm_session=${who.session}`,
      "CRM-Workspace": workspace,
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function shoot(browser: Browser, lang: "en" | "zh") {
  const server = await ServerProcess.start();
  try {
    const team = await createTeam(server.url, lang === "en" ? "Ada Lovelace" : "李明");
    const bo = await team.join(lang === "en" ? "Bo Chen" : "王芳", "editor");
    const ws = team.workspace;
    const { people } = (await api(server.url, team.owner, ws, "GET", `/api/workspaces/${ws}/people`)) as {
      people: { id: string; name: string }[];
    };
    const boId = people.find((p) => p.name === bo.name)!.id;
    const names =
      lang === "en" ? ["Initech", "Globex Corporation", "Umbrella Health"] : ["星辰科技", "华东物流", "青山医疗"];
    const ids: string[] = [];
    for (const name of names) {
      const made = await api(server.url, team.owner, ws, "POST", "/api/v1/accounts", { name, owner: boId });
      ids.push(String(made.id));
    }
    await api(server.url, team.owner, ws, "POST", "/api/v1/notifications/mentions", {
      record: { collection: "accounts", id: ids[0] },
      mentions: [{ id: "shot-1", userId: boId }],
    });
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 780 }, deviceScaleFactor: 1 });
    await ctx.addInitScript((l) => localStorage.setItem("crm.language", l), lang);
    await ctx.addCookies([{ name: "crm_session", value: bo.session, url: server.url }]);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/accounts`);
    const bell = page.locator(".bell");
    await page.locator(".bell-count").filter({ hasText: "4" }).waitFor({ timeout: 30_000 });
    await bell.click();
    // One read, to show both kinds of rows.
    await page
      .locator(".inbox-item")
      .nth(3)
      .getByRole("button", { name: lang === "en" ? "Mark read" : "标为已读" })
      .click();
    await page.locator(".bell-count").filter({ hasText: "3" }).waitFor();
    await page.locator(".inbox-item").first().locator(".inbox-open").focus();
    await page.screenshot({ path: join(out, `${lang}-notifications.png`) });
    await ctx.close();
  } finally {
    await server.dispose();
  }
}

async function main() {
  const browser = await chromium.launch(config.use?.launchOptions);
  try {
    for (const lang of ["en", "zh"] as const) await shoot(browser, lang);
  } finally {
    await browser.close();
  }
  console.log(`screenshots in ${out}`);
}

await main();
