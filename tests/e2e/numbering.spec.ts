import type { Page } from "@playwright/test";
import { App, expect, openApp, signedInContext, test } from "./fixtures.js";

// Quote and order numbers come from blocks the server hands out; each browser numbers from its
// own reserve, so two browsers numbering while the server is down never pick the same number,
// and no number changes once the quotes sync.

const SEQUENCE = /^[QO]-\d{5}$/;

/** How many quote numbers this browser holds in reserve (its IndexedDB `prefs`). */
function reserveOf(page: Page, workspace: string): Promise<number> {
  return page.evaluate(
    (ws) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(`crm-${ws}`);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction("prefs").objectStore("prefs").get("numbers.quote");
          get.onsuccess = () => {
            const blocks = (get.result?.value?.blocks ?? []) as { first: number; last: number }[];
            db.close();
            resolve(blocks.reduce((n, b) => n + b.last - b.first + 1, 0));
          };
        };
      }),
    workspace,
  );
}

test("two browsers quote while the server is down: different numbers, unchanged after sync; accepting gives each its own order number", async ({
  a,
  b,
  ada,
  bo,
  server,
  team,
}) => {
  await ada.accounts.create({ Name: "Initech" });
  await ada.products.create("Widget", "W-1", "100");
  await expect(ada.saveState).toHaveText("Synced");
  await expect(bo.accounts.link("Initech")).toBeVisible();
  await expect(bo.saveState).toHaveText("Synced");
  // Online once: both hold a reserve of numbers the server gave them.
  await expect.poll(() => reserveOf(a, team.workspace)).toBeGreaterThanOrEqual(10);
  await expect.poll(() => reserveOf(b, team.workspace)).toBeGreaterThanOrEqual(10);

  await server.stop();
  await expect(ada.saveState).toHaveText("Offline");
  await expect(bo.saveState).toHaveText("Offline");
  const qa = await ada.sales.createQuote("Initech", "Widget · W-1 · €100.00");
  const qb = await bo.sales.createQuote("Initech", "Widget · W-1 · €100.00");
  expect(qa).toMatch(SEQUENCE);
  expect(qb).toMatch(SEQUENCE);
  expect(qa).not.toBe(qb);
  // Both accept their quote offline: each order gets its own number too.
  const oa = await ada.sales.acceptOpenQuote();
  const ob = await bo.sales.acceptOpenQuote();
  expect(oa).toMatch(SEQUENCE);
  expect(ob).toMatch(SEQUENCE);
  expect(oa).not.toBe(ob);
  await expect(ada.saveState).toHaveText("Offline");

  await server.start();
  for (const p of [ada, bo]) await expect(p.saveState).toHaveText("Synced", { timeout: 15_000 });
  // Each browser lists both quotes and both orders, under the numbers they were given.
  for (const p of [ada, bo]) {
    await expect.poll(() => p.sales.listedNumbers("Quotes")).toEqual([qa, qb].sort());
    await expect.poll(() => p.sales.listedNumbers("Orders")).toEqual([oa, ob].sort());
  }
  await a.getByRole("link", { name: ob }).click();
  await expect(a.getByRole("heading", { level: 1, name: ob })).toBeVisible();
});

test("a browser that never got a reserve numbers provisionally (device-tagged), and the number stays after sync", async ({
  ada,
  browser,
  server,
  team,
}) => {
  await ada.accounts.create({ Name: "Globex" });
  await ada.products.create("Gadget", "G-1", "250");
  await expect(ada.saveState).toHaveText("Synced");
  // Cy's browser reaches the sync server but never the number blocks (as if the API were down).
  const cy = await team.join("Cy Editor", "editor");
  const ctx = await signedInContext(browser, server, cy);
  let asked = 0;
  await ctx.route("**/api/workspaces/*/sequences/*", (route) => {
    asked++;
    return route.abort("connectionfailed");
  });
  const c = await openApp(ctx, server);
  const cyApp = new App(c);
  await expect(cyApp.accounts.link("Globex")).toBeVisible();
  const provisional = await cyApp.sales.createQuote("Globex", "Gadget · G-1 · €250.00");
  expect(provisional).toMatch(/^Q-0001-[0-9A-HJKMNP-TV-Z]{6}$/);
  expect(asked).toBeGreaterThan(0);
  await expect(c.locator(".record-head").getByText("Numbered offline")).toBeVisible();
  const second = await cyApp.sales.createQuote("Globex", "Gadget · G-1 · €250.00");
  expect(second).toBe(provisional.replace("Q-0001-", "Q-0002-"));
  await expect(cyApp.saveState).toHaveText("Synced");

  // The owner, with a reserve, numbers from the sequence; everyone sees every number unchanged.
  const fromSequence = await ada.sales.createQuote("Globex", "Gadget · G-1 · €250.00");
  expect(fromSequence).toMatch(SEQUENCE);
  await expect(ada.page.getByText("Numbered offline")).toHaveCount(0);
  const all = [provisional, second, fromSequence].sort();
  await expect.poll(() => ada.sales.listedNumbers("Quotes")).toEqual(all);
  await expect.poll(() => cyApp.sales.listedNumbers("Quotes")).toEqual(all);
  await ctx.close();
});
