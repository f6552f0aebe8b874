import { type Browser, type BrowserContext, test as base, expect, type Page } from "@playwright/test";
import { ServerProcess } from "../support/serverProcess.js";
import { createTeam, type Person, type Team } from "../support/team.js";
import { App, AppShell } from "./pages/index.js";

type Fixtures = {
  server: ServerProcess;
  /** The workspace on the server: its owner is `a`; `b` joined it as an editor. */
  team: Team & { editor: Person };
  /** Two people: separate browser contexts, so separate IndexedDB and service workers. */
  a: Page;
  b: Page;
  /** The page models of `a` (Ada, the owner) and `b` (Bo, the editor): see pages/. */
  ada: App;
  bo: App;
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
  ada: async ({ a }, use) => use(new App(a)),
  bo: async ({ b }, use) => use(new App(b)),
});
export * from "./pages/index.js";
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
  await expect(new AppShell(page).navLink("Accounts")).toBeVisible();
  return page;
}
