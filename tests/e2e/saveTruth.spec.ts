import { App, expect, openApp, test } from "./fixtures.js";

/*
 * "Synced" means the server has durably stored every change made on this device — documents no
 * screen has open included. Each test changes something with the server stopped, leaves it,
 * starts the server, and checks that a teammate sees the change within 10 s of the author's
 * indicator saying Synced.
 */

const TYPED = "Typed while the server was down.";

/** Milliseconds left until `deadline` (at least 1, so that an expectation still runs once). */
function left(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}

/** Types into the open record's notes and waits until they show it. */
async function typeNotes(app: App, text: string): Promise<void> {
  await app.record.typeNotes(text);
  await expect(app.record.notes).toContainText(text);
}

test("notes typed while the server is down are sent when it returns, though the author left them", async ({
  b,
  ada,
  bo,
  server,
}) => {
  await ada.accounts.create({ Name: "Initech" });
  await expect(ada.saveState).toHaveText("Synced");
  await ada.accounts.open("Initech");
  await server.stop();
  await expect(ada.saveState).toHaveText("Offline");
  await typeNotes(ada, TYPED);
  await expect.poll(() => ada.device.unsentChanges()).toContainEqual(expect.stringContaining("/notes/account/"));
  await ada.accounts.goto();
  await expect(ada.accounts.link("Initech")).toBeVisible();

  await server.start();
  await expect(ada.saveState).toHaveText("Synced", { timeout: 15_000 });
  const deadline = Date.now() + 10_000;
  expect(await ada.device.unsentChanges()).toEqual([]);
  await bo.accounts.open("Initech");
  await expect(bo.record.notes).toContainText(TYPED, { timeout: left(deadline) });
  await b.reload();
  await expect(bo.record.notes).toContainText(TYPED);
});

test("notes left unsent by a closed tab are sent when the author opens the app again", async ({
  a,
  ada,
  bo,
  server,
}) => {
  await ada.accounts.create({ Name: "Globex" });
  await expect(ada.saveState).toHaveText("Synced");
  await ada.accounts.open("Globex");
  await server.stop();
  await expect(ada.saveState).toHaveText("Offline");
  await typeNotes(ada, TYPED);
  // Stored on the device (IndexedDB) before the tab goes away.
  await expect.poll(() => ada.device.unsentChanges()).toContainEqual(expect.stringContaining("/notes/account/"));
  const ctx = a.context();
  await a.close();

  await server.start();
  const again = new App(await openApp(ctx, server));
  await expect(again.saveState).toHaveText("Synced", { timeout: 15_000 });
  const deadline = Date.now() + 10_000;
  await bo.accounts.open("Globex");
  await expect(bo.record.notes).toContainText(TYPED, { timeout: left(deadline) });
});

test("notes, a settings change and a saved view made offline all reach a teammate within 10 s of Synced", async ({
  a,
  b,
  ada,
  bo,
  server,
}) => {
  await ada.accounts.create({ Name: "Umbrella Corp" });
  await ada.accounts.create({ Name: "Hooli" });
  await expect(ada.saveState).toHaveText("Synced");
  await bo.accounts.goto();
  await expect(bo.accounts.link("Hooli")).toBeVisible();

  await server.stop();
  await expect(ada.saveState).toHaveText("Offline");
  // A saved view of the accounts list.
  await ada.accounts.goto();
  await a.getByRole("button", { name: "Save view…" }).click();
  const dialog = a.getByRole("dialog", { name: "Save this view for the team" });
  await dialog.getByLabel("View name").fill("Made offline");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(a).toHaveURL(/\?view=/);
  // The workspace currency.
  await ada.settings.setCurrency("USD");
  // Notes of an account, then away to the activities list: no screen holds any of the three.
  await ada.accounts.open("Umbrella Corp");
  await typeNotes(ada, TYPED);
  await ada.shell.goTo("Activities");
  await expect.poll(async () => (await ada.device.unsentChanges()).length).toBeGreaterThanOrEqual(3);
  await expect(ada.saveState).toHaveText("Offline");

  await server.start();
  await expect(ada.saveState).toHaveText("Synced", { timeout: 15_000 });
  const deadline = Date.now() + 10_000;
  await bo.accounts.open("Umbrella Corp");
  await expect(bo.record.notes).toContainText(TYPED, { timeout: left(deadline) });
  await bo.accounts.goto();
  await expect(b.getByLabel("View", { exact: true }).getByRole("option", { name: "Made offline" })).toHaveCount(1, {
    timeout: left(deadline),
  });
  await bo.settings.open("Currency");
  await expect(bo.settings.currency).toHaveValue("USD", { timeout: left(deadline) });
});
