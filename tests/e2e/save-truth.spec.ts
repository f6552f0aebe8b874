import type { Page } from "@playwright/test";
import { createAccount, expect, nav, openAccount, openApp, saveState, test } from "./fixtures.js";

/*
 * "Synced" means the server has durably stored every change made on this device — documents no
 * screen has open included. Each test changes something with the server stopped, leaves it,
 * starts the server, and checks that a teammate sees the change within 10 s of the author's
 * indicator saying Synced.
 */

const TYPED = "Typed while the server was down.";

function notes(page: Page) {
  return page.getByRole("textbox", { name: "Notes" });
}

/** The documents the author's tab still has to get stored by the server (the save state's notion). */
function unsent(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { __crm: { unsentChanges(): Promise<string[]> } }).__crm.unsentChanges(),
  );
}

/** Milliseconds left until `deadline` (at least 1, so that an expectation still runs once). */
function left(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}

async function typeNotes(page: Page, text: string): Promise<void> {
  await notes(page).click();
  await page.keyboard.type(text);
  await expect(notes(page)).toContainText(text);
}

test("notes typed while the server is down are sent when it returns, though the author left them", async ({
  a,
  b,
  server,
}) => {
  await createAccount(a, { Name: "Initech" });
  await expect(saveState(a)).toHaveText("Synced");
  await openAccount(a, "Initech");
  await server.stop();
  await expect(saveState(a)).toHaveText("Offline");
  await typeNotes(a, TYPED);
  await expect.poll(() => unsent(a)).toContainEqual(expect.stringContaining("/notes/account/"));
  await nav(a, "Accounts").click();
  await expect(a.getByRole("link", { name: "Initech", exact: true })).toBeVisible();

  await server.start();
  await expect(saveState(a)).toHaveText("Synced", { timeout: 15_000 });
  const deadline = Date.now() + 10_000;
  expect(await unsent(a)).toEqual([]);
  await openAccount(b, "Initech");
  await expect(notes(b)).toContainText(TYPED, { timeout: left(deadline) });
  await b.reload();
  await expect(notes(b)).toContainText(TYPED);
});

test("notes left unsent by a closed tab are sent when the author opens the app again", async ({ a, b, server }) => {
  await createAccount(a, { Name: "Globex" });
  await expect(saveState(a)).toHaveText("Synced");
  await openAccount(a, "Globex");
  await server.stop();
  await expect(saveState(a)).toHaveText("Offline");
  await typeNotes(a, TYPED);
  // Stored on the device (IndexedDB) before the tab goes away.
  await expect.poll(() => unsent(a)).toContainEqual(expect.stringContaining("/notes/account/"));
  const ctx = a.context();
  await a.close();

  await server.start();
  const again = await openApp(ctx, server);
  await expect(saveState(again)).toHaveText("Synced", { timeout: 15_000 });
  const deadline = Date.now() + 10_000;
  await openAccount(b, "Globex");
  await expect(notes(b)).toContainText(TYPED, { timeout: left(deadline) });
});

test("notes, a settings change and a saved view made offline all reach a teammate within 10 s of Synced", async ({
  a,
  b,
  server,
}) => {
  await createAccount(a, { Name: "Umbrella Corp" });
  await createAccount(a, { Name: "Hooli" });
  await expect(saveState(a)).toHaveText("Synced");
  await nav(b, "Accounts").click();
  await expect(b.getByRole("link", { name: "Hooli", exact: true })).toBeVisible();

  await server.stop();
  await expect(saveState(a)).toHaveText("Offline");
  // A saved view of the accounts list.
  await nav(a, "Accounts").click();
  await a.getByRole("button", { name: "Save view…" }).click();
  const dialog = a.getByRole("dialog", { name: "Save this view for the team" });
  await dialog.getByLabel("View name").fill("Made offline");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(a).toHaveURL(/\?view=/);
  // The workspace currency.
  await a.getByRole("banner").getByRole("link", { name: "Settings", exact: true }).click();
  await a.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Currency" }).click();
  await a.getByLabel("Workspace currency").selectOption("USD");
  await a.getByRole("button", { name: "Save changes" }).click();
  await expect(a.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  // Notes of an account, then away to the activities list: no screen holds any of the three.
  await openAccount(a, "Umbrella Corp");
  await typeNotes(a, TYPED);
  await nav(a, "Activities").click();
  await expect.poll(async () => (await unsent(a)).length).toBeGreaterThanOrEqual(3);
  await expect(saveState(a)).toHaveText("Offline");

  await server.start();
  await expect(saveState(a)).toHaveText("Synced", { timeout: 15_000 });
  const deadline = Date.now() + 10_000;
  await openAccount(b, "Umbrella Corp");
  await expect(notes(b)).toContainText(TYPED, { timeout: left(deadline) });
  await nav(b, "Accounts").click();
  await expect(b.getByLabel("View", { exact: true }).getByRole("option", { name: "Made offline" })).toHaveCount(1, {
    timeout: left(deadline),
  });
  await b.getByRole("banner").getByRole("link", { name: "Settings", exact: true }).click();
  await b.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Currency" }).click();
  await expect(b.getByLabel("Workspace currency")).toHaveValue("USD", { timeout: left(deadline) });
});
