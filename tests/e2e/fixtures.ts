import { type BrowserContext, test as base, expect, type Page } from "@playwright/test";
import { ServerProcess } from "../support/server-process.js";

type Fixtures = {
  server: ServerProcess;
  /** Two people: separate browser contexts, so separate IndexedDB and service workers. */
  a: Page;
  b: Page;
};

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function destructures
  server: async ({}, use) => {
    const server = await ServerProcess.start();
    await use(server);
    await server.dispose();
  },
  a: async ({ browser, server }, use) => {
    const ctx = await browser.newContext();
    await use(await openApp(ctx, server));
    await ctx.close();
  },
  b: async ({ browser, server }, use) => {
    const ctx = await browser.newContext();
    await use(await openApp(ctx, server));
    await ctx.close();
  },
});
export { expect };

async function openApp(ctx: BrowserContext, server: ServerProcess): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(server.url);
  await expect(nav(page, "Accounts")).toBeVisible();
  return page;
}

export function saveState(page: Page) {
  return page
    .getByRole("status")
    .filter({ hasText: /Saved locally|Syncing|Synced|Offline|已保存到本机|正在同步|已同步|离线/ });
}

/** Waits until the service worker controls the page, so a reload works with the server down. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((r) =>
        navigator.serviceWorker.addEventListener("controllerchange", () => r(), { once: true }),
      );
    }
  });
}

export async function createAccount(page: Page, fields: Record<string, string>): Promise<void> {
  await nav(page, "Accounts").click();
  await page.getByRole("button", { name: "New account" }).click();
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: fields.Name })).toBeVisible();
}

export async function openAccount(page: Page, name: string): Promise<void> {
  await nav(page, "Accounts").click();
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/** A link of the main navigation (pages also have breadcrumbs with the same words). */
export function nav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });
}
