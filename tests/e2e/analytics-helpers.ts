import type { Page } from "@playwright/test";
import { fixture } from "../../analytics/test-support/fixture.js";
import { expect, nav } from "./fixtures.js";

/*
 * What the analytics specs share: the hand-worked fixture written through the local store (as
 * the app writes records), and driving the SQL console.
 */

type Crm = {
  __crm: {
    store: { writeMany(c: string, r: unknown[]): Promise<void> };
    loadDemo(size: string): Promise<unknown>;
  };
};

export async function writeFixture(page: Page, data: Record<string, unknown[]> = fixture as never) {
  await page.evaluate(async (d) => {
    const crm = (window as unknown as Crm).__crm;
    for (const [collection, records] of Object.entries(d)) await crm.store.writeMany(collection, records);
  }, data);
}

/** The demo workspace ("Load demo data"), written to the end. */
export async function loadDemo(page: Page) {
  await page.evaluate(() => (window as unknown as Crm).__crm.loadDemo("demo"));
}

export const editor = (page: Page) => page.getByLabel("SQL", { exact: true });
export const result = (page: Page) => page.getByRole("table", { name: "Query result" });

export async function runSql(page: Page, sql: string) {
  const box = editor(page);
  await box.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await box.fill(sql);
  await box.press("Control+Enter");
}

export async function openConsole(page: Page) {
  await nav(page, "Analytics").click();
  await page.getByRole("link", { name: "SQL console" }).click();
  await expect(editor(page)).toBeVisible({ timeout: 60_000 });
}
