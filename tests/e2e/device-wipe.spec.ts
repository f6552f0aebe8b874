import type { Page } from "@playwright/test";
import { PASSWORD } from "../support/team.js";
import { createAccount, expect, openAccount, saveState, test, waitForServiceWorker } from "./fixtures.js";

/*
 * Shared computers: "Sign out and remove this device's data" deletes what the app keeps on the
 * device — and refuses, removing nothing, while the device holds changes the server has not
 * stored or the server cannot end the session.
 */

/** The app's IndexedDB databases on this origin. */
function crmDatabases(page: Page): Promise<string[]> {
  return page.evaluate(async () =>
    (await indexedDB.databases()).map((d) => d.name ?? "").filter((n) => n.startsWith("crm-")),
  );
}

function crmStorageKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("crm.")));
}

async function askToRemove(page: Page) {
  await page.getByRole("button", { name: "Remove this device's data…" }).click();
  const dialog = page.getByRole("dialog", { name: "Sign out and remove this device's data" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Sign out and remove this device's data" }).click();
  return dialog;
}

test("with nothing unsent: signed out, every database and crm.* key gone; the server still has the data", async ({
  a,
  team,
}) => {
  await createAccount(a, { Name: "Initech" });
  await expect(saveState(a)).toHaveText("Synced");
  await a.getByRole("combobox", { name: "Language" }).selectOption("en");
  expect(await crmDatabases(a)).toEqual([`crm-${team.workspace}`]);
  expect(await crmStorageKeys(a)).toContain("crm.session");

  await askToRemove(a);
  await expect(a.getByRole("heading", { name: "Sign in" })).toBeVisible();
  expect(await crmDatabases(a)).toEqual([]);
  // Only the interface language is kept (it is about nobody).
  expect(await crmStorageKeys(a)).toEqual(["crm.language"]);
  // The session is over on the server too: a reload does not get back in.
  await a.reload();
  await expect(a.getByRole("heading", { name: "Sign in" })).toBeVisible();
  expect(await crmDatabases(a)).toEqual([]);

  // Signing in again brings the workspace back from the server.
  await a.getByLabel("Email").fill(team.owner.email);
  await a.getByLabel("Password").fill(PASSWORD);
  await a.getByRole("button", { name: "Sign in" }).click();
  await expect(a.getByRole("link", { name: "Initech", exact: true })).toBeVisible();
});

test("refused, keeping everything, while the server is unreachable or a change is unsent; done once synced", async ({
  a,
  server,
  team,
}) => {
  await createAccount(a, { Name: "Globex" });
  await expect(saveState(a)).toHaveText("Synced");
  await openAccount(a, "Globex");
  // The reload below, with the server down, is served by the service worker.
  await waitForServiceWorker(a);
  await server.stop();
  await expect(saveState(a)).toHaveText("Offline");

  // Nothing unsent, but the session cannot be ended.
  let dialog = await askToRemove(a);
  await expect(dialog.getByRole("alert")).toContainText("The server cannot be reached to end your session");
  await a.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(a.getByRole("button", { name: "Remove this device's data…" })).toBeFocused();

  // An unsent change: notes typed with the server down.
  await a.getByRole("textbox", { name: "Notes" }).click();
  await a.keyboard.type("Not on the server yet.");
  dialog = await askToRemove(a);
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("This device holds changes the server has not stored yet");
  await expect(alert.getByRole("listitem")).toHaveText(["Acme Sales: the notes of 1 record"]);
  await expect(alert).toContainText("wait until the indicator says “Synced”");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(await crmDatabases(a)).toEqual([`crm-${team.workspace}`]);
  await expect(a.getByRole("textbox", { name: "Notes" })).toContainText("Not on the server yet.");
  await a.reload();
  await expect(a.getByRole("textbox", { name: "Notes" })).toContainText("Not on the server yet.");

  await server.start();
  await expect(saveState(a)).toHaveText("Synced", { timeout: 15_000 });
  await askToRemove(a);
  await expect(a.getByRole("heading", { name: "Sign in" })).toBeVisible();
  expect(await crmDatabases(a)).toEqual([]);
});
