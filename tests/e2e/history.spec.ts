import type { Page } from "@playwright/test";
import { App, expect, openApp, signedInContext, test } from "./fixtures.js";

/*
 * Field history is recorded in the record's document by whoever writes (schema's writeRecord),
 * so every device shows the same complete history: the one that made a change, the one that
 * received it live, one that synced the record only afterwards (all of it in one batch), and any
 * of them reloaded with the server down.
 */

const NAME = "Historic Ltd";

/** The history table's rows, newest first, as the person reads them (header row dropped). */
async function expectFullHistory(page: Page, me: "Ada Owner" | "Bo Editor" | null) {
  const rows = new App(page).record.history.getByRole("row");
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(1)).toContainText("Restored");
  await expect(rows.nth(2)).toContainText("Deleted");
  await expect(rows.nth(3)).toContainText(/Website: \(empty\) → \S*historic\.example/);
  await expect(rows.nth(4)).toContainText("Industry: Retail → Energy");
  await expect(rows.nth(5)).toContainText("Created");
  await expect(rows.nth(5)).toContainText(`Name: ${NAME}`);
  await expect(rows.nth(5)).toContainText("Industry: Retail");
  // Who: Ada changed the industry, deleted it and created it; Bo set the website and restored it.
  const ada = [2, 4, 5];
  const bo = [1, 3];
  const mine = me === "Ada Owner" ? ada : me === "Bo Editor" ? bo : [];
  for (const i of mine) await expect(rows.nth(i)).toContainText(`${me} (you)`);
  for (const i of [...ada, ...bo].filter((i) => !mine.includes(i)))
    await expect(rows.nth(i)).not.toContainText("(you)");
}

/** The account's page, then its History. */
async function openHistory(page: Page) {
  const record = await new App(page).accounts.open(NAME);
  await record.openHistory();
  await expect(page.getByRole("heading", { name: `History of ${NAME}` })).toBeVisible();
}

test("a field history made on two devices (edit, edit, delete, restore) is complete on every device, also offline", async ({
  a,
  b,
  ada,
  bo,
  server,
  team,
  browser,
}) => {
  await ada.accounts.create({ Name: NAME, Industry: "Retail" });
  await ada.accounts.editOpen({ Industry: "Energy" });
  await expect(a.getByText("Energy")).toBeVisible();

  // Bo, live: sees Ada's change, then changes another field.
  await bo.accounts.open(NAME);
  await expect(b.getByText("Energy")).toBeVisible();
  await bo.accounts.editOpen({ Website: "historic.example" });
  await expect(b.getByRole("link", { name: "historic.example" })).toBeVisible();
  await expect(bo.saveState).toHaveText("Synced");

  // Ada deletes it once Bo's change is there; Bo restores it from the trash.
  await ada.accounts.open(NAME);
  await expect(a.getByRole("link", { name: "historic.example" })).toBeVisible();
  await ada.record.delete();
  await expect(a.getByRole("link", { name: NAME })).toHaveCount(0);
  await expect(ada.saveState).toHaveText("Synced");
  await bo.data.openTrash();
  const trashed = bo.data.trashRow(NAME);
  await trashed.getByRole("button", { name: `Restore ${NAME}` }).click();
  await expect(b.getByRole("status").filter({ hasText: `${NAME} was restored.` })).toBeVisible();
  await expect(bo.saveState).toHaveText("Synced");

  for (const [page, me] of [
    [a, "Ada Owner"],
    [b, "Bo Editor"],
  ] as const) {
    await openHistory(page);
    await expectFullHistory(page, me);
  }
  await a.screenshot({ path: "/tmp/data-shots/history-recorded-en.png", fullPage: true });

  // A device that syncs the record only now gets all its updates in one batch: the same history.
  const laterCtx = await signedInContext(browser, server, team.editor);
  const later = await openApp(laterCtx, server);
  await expect(new App(later).saveState).toHaveText("Synced", { timeout: 15_000 });
  await openHistory(later);
  await expectFullHistory(later, "Bo Editor");
  await laterCtx.close();

  // With the server down, a reload shows the same history from the local copy.
  await ada.device.waitForServiceWorker();
  await bo.device.waitForServiceWorker();
  await server.stop();
  for (const [app, me] of [
    [ada, "Ada Owner"],
    [bo, "Bo Editor"],
  ] as const) {
    await app.page.reload();
    await expect(app.saveState).toHaveText("Offline");
    await expectFullHistory(app.page, me);
  }
});
