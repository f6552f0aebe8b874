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

/**
 * The next test's server, already starting while this test runs. A server process takes seconds
 * to start (tsx loads every module of it), mostly waiting on its loader thread and the disk; every
 * test still gets its own fresh one (its own port, an empty data directory, no request yet), only
 * started earlier.
 */
class SpareServer {
  private next: Promise<ServerProcess> | null = null;

  take(): Promise<ServerProcess> {
    const taken = this.next ?? ServerProcess.start();
    this.next = ServerProcess.start();
    // A failed start is reported to the test that takes it, not as an unhandled rejection now.
    this.next.catch(() => {});
    return taken;
  }

  async dispose(): Promise<void> {
    const next = this.next;
    this.next = null;
    await next?.then(
      (s) => s.dispose(),
      () => {},
    );
  }
}

export const test = base.extend<Fixtures, { spareServer: SpareServer }>({
  spareServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function destructures
    async ({}, use) => {
      const spare = new SpareServer();
      await use(spare);
      await spare.dispose();
    },
    { scope: "worker" },
  ],
  server: async ({ spareServer }, use) => {
    const server = await spareServer.take();
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
