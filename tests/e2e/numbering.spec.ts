import type { Page } from "@playwright/test";
import { createAccount, expect, nav, openApp, saveState, signedInContext, test } from "./fixtures.js";

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

async function createProduct(page: Page, name: string, sku: string, price: string) {
  await page.goto(`${new URL(page.url()).origin}/products`);
  await page.getByRole("button", { name: "New product" }).first().click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("SKU", { exact: true }).fill(sku);
  await page.getByLabel("Unit price", { exact: true }).fill(price);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

async function goQuotes(page: Page) {
  await nav(page, "Sales").click();
  await page.getByRole("navigation", { name: "Sales" }).getByRole("link", { name: "Quotes", exact: true }).click();
}

/** Makes a one-line quote for `account` through the UI (no page load: works offline) → its number. */
async function createQuote(page: Page, account: string, product: string): Promise<string> {
  await goQuotes(page);
  await page
    .getByRole("button", { name: /New quote|Create your first quote/ })
    .first()
    .click();
  await page.getByRole("combobox", { name: "Account" }).fill(account.toLowerCase());
  await page.getByRole("option", { name: new RegExp(account) }).click();
  await page.getByLabel("Product", { exact: true }).selectOption({ label: product });
  await page.getByRole("button", { name: "Add product" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  const heading = page.getByRole("heading", { level: 1, name: /^Quote / });
  await expect(heading).toBeVisible();
  return ((await heading.textContent()) ?? "").replace(/^Quote /, "");
}

/** Sends and accepts the open quote → the new order's number. */
async function acceptOpenQuote(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Mark sent" }).click();
  await page.getByRole("button", { name: "Accept" }).click();
  const note = page.getByText(/^Accepted: became order /);
  await expect(note).toBeVisible();
  return ((await note.textContent()) ?? "").replace(/^Accepted: became order /, "").replace(/\.$/, "");
}

/** Every quote (or order) number in the list, as the page shows them. */
async function listedNumbers(page: Page, tab: "Quotes" | "Orders"): Promise<string[]> {
  await nav(page, "Sales").click();
  await page.getByRole("navigation", { name: "Sales" }).getByRole("link", { name: tab, exact: true }).click();
  const links = page.locator(".record-row").getByRole("link", { name: /^[QO]-/ });
  return (await links.allTextContents()).sort();
}

test("two browsers quote while the server is down: different numbers, unchanged after sync; accepting gives each its own order number", async ({
  a,
  b,
  server,
  team,
}) => {
  await createAccount(a, { Name: "Initech" });
  await createProduct(a, "Widget", "W-1", "100");
  await expect(saveState(a)).toHaveText("Synced");
  await expect(b.getByRole("link", { name: "Initech", exact: true })).toBeVisible();
  await expect(saveState(b)).toHaveText("Synced");
  // Online once: both hold a reserve of numbers the server gave them.
  await expect.poll(() => reserveOf(a, team.workspace)).toBeGreaterThanOrEqual(10);
  await expect.poll(() => reserveOf(b, team.workspace)).toBeGreaterThanOrEqual(10);

  await server.stop();
  await expect(saveState(a)).toHaveText("Offline");
  await expect(saveState(b)).toHaveText("Offline");
  const qa = await createQuote(a, "Initech", "Widget · W-1 · €100.00");
  const qb = await createQuote(b, "Initech", "Widget · W-1 · €100.00");
  expect(qa).toMatch(SEQUENCE);
  expect(qb).toMatch(SEQUENCE);
  expect(qa).not.toBe(qb);
  // Both accept their quote offline: each order gets its own number too.
  const oa = await acceptOpenQuote(a);
  const ob = await acceptOpenQuote(b);
  expect(oa).toMatch(SEQUENCE);
  expect(ob).toMatch(SEQUENCE);
  expect(oa).not.toBe(ob);
  await expect(saveState(a)).toHaveText("Offline");

  await server.start();
  for (const p of [a, b]) await expect(saveState(p)).toHaveText("Synced", { timeout: 15_000 });
  // Each browser lists both quotes and both orders, under the numbers they were given.
  for (const p of [a, b]) {
    await expect.poll(() => listedNumbers(p, "Quotes")).toEqual([qa, qb].sort());
    await expect.poll(() => listedNumbers(p, "Orders")).toEqual([oa, ob].sort());
  }
  await a.getByRole("link", { name: ob }).click();
  await expect(a.getByRole("heading", { level: 1, name: ob })).toBeVisible();
});

test("a browser that never got a reserve numbers provisionally (device-tagged), and the number stays after sync", async ({
  a,
  browser,
  server,
  team,
}) => {
  await createAccount(a, { Name: "Globex" });
  await createProduct(a, "Gadget", "G-1", "250");
  await expect(saveState(a)).toHaveText("Synced");
  // Cy's browser reaches the sync server but never the number blocks (as if the API were down).
  const cy = await team.join("Cy Editor", "editor");
  const ctx = await signedInContext(browser, server, cy);
  let asked = 0;
  await ctx.route("**/api/workspaces/*/sequences/*", (route) => {
    asked++;
    return route.abort("connectionfailed");
  });
  const c = await openApp(ctx, server);
  await expect(c.getByRole("link", { name: "Globex", exact: true })).toBeVisible();
  const provisional = await createQuote(c, "Globex", "Gadget · G-1 · €250.00");
  expect(provisional).toMatch(/^Q-0001-[0-9A-HJKMNP-TV-Z]{6}$/);
  expect(asked).toBeGreaterThan(0);
  await expect(c.locator(".record-head").getByText("Numbered offline")).toBeVisible();
  const second = await createQuote(c, "Globex", "Gadget · G-1 · €250.00");
  expect(second).toBe(provisional.replace("Q-0001-", "Q-0002-"));
  await expect(saveState(c)).toHaveText("Synced");

  // The owner, with a reserve, numbers from the sequence; everyone sees every number unchanged.
  const fromSequence = await createQuote(a, "Globex", "Gadget · G-1 · €250.00");
  expect(fromSequence).toMatch(SEQUENCE);
  await expect(a.getByText("Numbered offline")).toHaveCount(0);
  const all = [provisional, second, fromSequence].sort();
  await expect.poll(() => listedNumbers(a, "Quotes")).toEqual(all);
  await expect.poll(() => listedNumbers(c, "Quotes")).toEqual(all);
  await ctx.close();
});
