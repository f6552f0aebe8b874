import type { Page } from "@playwright/test";
import { PASSWORD } from "../support/team.js";
import { expect, SignInPage, test } from "./fixtures.js";

/*
 * Shared computers: "Sign out and remove this device's data" deletes what the app keeps on the
 * device — and refuses, removing nothing, while the device holds changes the server has not
 * stored or the server cannot end the session.
 */

async function askToRemove(page: Page) {
  await page.getByRole("button", { name: "Remove this device's data…" }).click();
  const dialog = page.getByRole("dialog", { name: "Sign out and remove this device's data" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Sign out and remove this device's data" }).click();
  return dialog;
}

test("with nothing unsent: signed out, every database and crm.* key gone; the server still has the data", async ({
  a,
  ada,
  team,
}) => {
  await ada.accounts.create({ Name: "Initech" });
  await expect(ada.saveState).toHaveText("Synced");
  await ada.shell.setLanguage("en");
  expect(await ada.device.databases()).toEqual([`crm-${team.workspace}`]);
  expect(await ada.device.storageKeys()).toContain("crm.session");

  await askToRemove(a);
  const signIn = new SignInPage(a);
  await expect(signIn.heading).toBeVisible();
  expect(await ada.device.databases()).toEqual([]);
  // Only the interface language is kept (it is about nobody).
  expect(await ada.device.storageKeys()).toEqual(["crm.language"]);
  // The session is over on the server too: a reload does not get back in.
  await a.reload();
  await expect(signIn.heading).toBeVisible();
  expect(await ada.device.databases()).toEqual([]);

  // Signing in again brings the workspace back from the server.
  await signIn.signIn(team.owner.email, PASSWORD);
  await expect(ada.accounts.link("Initech")).toBeVisible();
});

test("refused, keeping everything, while the server is unreachable or a change is unsent; done once synced", async ({
  a,
  ada,
  server,
  team,
}) => {
  await ada.accounts.create({ Name: "Globex" });
  await expect(ada.saveState).toHaveText("Synced");
  await ada.accounts.open("Globex");
  // The reload below, with the server down, is served by the service worker.
  await ada.device.waitForServiceWorker();
  await server.stop();
  await expect(ada.saveState).toHaveText("Offline");

  // Nothing unsent, but the session cannot be ended.
  let dialog = await askToRemove(a);
  await expect(dialog.getByRole("alert")).toContainText("The server cannot be reached to end your session");
  await a.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(a.getByRole("button", { name: "Remove this device's data…" })).toBeFocused();

  // An unsent change: notes typed with the server down.
  await ada.record.typeNotes("Not on the server yet.");
  dialog = await askToRemove(a);
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("This device holds changes the server has not stored yet");
  await expect(alert.getByRole("listitem")).toHaveText(["Acme Sales: the notes of 1 record"]);
  await expect(alert).toContainText("wait until the indicator says “Synced”");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(await ada.device.databases()).toEqual([`crm-${team.workspace}`]);
  await expect(ada.record.notes).toContainText("Not on the server yet.");
  await a.reload();
  await expect(ada.record.notes).toContainText("Not on the server yet.");

  await server.start();
  await expect(ada.saveState).toHaveText("Synced", { timeout: 15_000 });
  await askToRemove(a);
  await expect(new SignInPage(a).heading).toBeVisible();
  expect(await ada.device.databases()).toEqual([]);
});
