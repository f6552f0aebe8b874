import { type Browser, type BrowserContext, test as base, expect, type Page } from "@playwright/test";
import { ServerProcess } from "../support/server-process.js";
import { createTeam, type Person, type Team } from "../support/team.js";

type Fixtures = {
  server: ServerProcess;
  /** The workspace on the server: its owner is `a`; `b` joined it as an editor. */
  team: Team & { editor: Person };
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
  team: async ({ server }, use) => {
    const team = await createTeam(server.url);
    await use({ ...team, editor: await team.join("Bo Editor", "editor") });
  },
  a: async ({ browser, server, team }, use) => {
    const ctx = await signedInContext(browser, server, team.owner);
    await use(await openApp(ctx, server));
    await ctx.close();
  },
  b: async ({ browser, server, team }, use) => {
    const ctx = await signedInContext(browser, server, team.editor);
    await use(await openApp(ctx, server));
    await ctx.close();
  },
});
export { expect };

/** A browser (its own IndexedDB, service worker and cookies) where `person` is signed in. */
export async function signedInContext(
  browser: Browser,
  server: ServerProcess,
  person: Person,
): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  await ctx.addCookies([
    { name: "crm_session", value: person.session, url: server.url, httpOnly: true, sameSite: "Lax" },
  ]);
  return ctx;
}

export async function openApp(ctx: BrowserContext, server: ServerProcess): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(server.url);
  await expect(nav(page, "Accounts")).toBeVisible();
  return page;
}

export function saveState(page: Page) {
  return page
    .getByRole("status")
    .filter({ hasText: /Saved locally|Syncing|Synced|Offline|Not syncing|已保存到本机|正在同步|已同步|离线|未同步/ });
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
