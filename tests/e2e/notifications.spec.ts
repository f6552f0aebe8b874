import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.js";
import { BellMenu } from "./pages/bell.js";

/*
 * In-app notifications between two people (peer/src/notifications/, web/src/notifications/): Ada
 * (owner) assigns an account to Bo (editor) and mentions him in its notes; Bo's bell counts both
 * live, without a reload, links to the record, marks read; a mention is notified once however
 * often the note is saved; offline, Bo still reads the list after a reload.
 */

/** Mentions in this tab's outbox (IndexedDB, web/src/notifications/mentionOutbox.ts). */
function queuedMentions(page: Page): Promise<number> {
  return page.evaluate(async () => {
    type Prefs = { where(k: string): { startsWith(p: string): { count(): Promise<number> } } };
    const { db } = (window as unknown as { __crm: { db: { prefs: Prefs } } }).__crm;
    return db.prefs.where("key").startsWith("mentionOutbox:").count();
  });
}

/**
 * A workspace made moments ago gets its automation peer at the server's next scan (≤ 10 s); a call
 * to /api/v1 opens it at once, so the changes below are in its feed from the start.
 */
async function wakePeer(page: Page, url: string, workspace: string) {
  const res = await page.request.get(`${url}/api/v1/accounts`, { headers: { "CRM-Workspace": workspace } });
  expect(res.status()).toBe(200);
}

test("assignment and @mention reach the assignee's bell live, once; the list reads offline", async ({
  a,
  b,
  ada,
  bo,
  server,
  team,
}) => {
  await wakePeer(a, server.url, team.workspace);
  const bell = new BellMenu(b);
  await expect(bell.button).toHaveAccessibleName("Notifications");
  await expect(bell.count).toBeHidden();
  const before = await bell.button.boundingBox();
  const workspaceBefore = await b.getByRole("combobox", { name: "Workspace" }).boundingBox();

  // Ada makes an account Bo's: Bo's bell counts it without a reload, and its panel links to it.
  await ada.accounts.create({ Name: "Initech" }, { Owner: "Bo Editor" });
  await expect(bell.count).toHaveText("1", { timeout: 20_000 });
  // The count sits on the bell: nothing in the top bar moved.
  expect(await bell.button.boundingBox()).toEqual(before);
  expect(await b.getByRole("combobox", { name: "Workspace" }).boundingBox()).toEqual(workspaceBefore);
  await expect(bell.button).toHaveAccessibleName("Notifications, 1 unread");
  await b.keyboard.press("Alt+Shift+N");
  await expect(bell.panel).toBeVisible();
  const assigned = bell.item("Ada Owner assigned Initech to you");
  await expect(assigned).toContainText("Assignment");
  await expect(assigned.getByRole("link", { name: "Ada Owner assigned Initech to you" })).toBeFocused();
  await b.keyboard.press("Enter");
  await expect(bo.record.heading("Initech")).toBeVisible();
  await expect(bell.panel).toBeHidden();
  await expect(bell.count).toBeHidden();

  // Ada mentions Bo in the account's notes: `@` offers the people, the keyboard picks one.
  await expect(ada.record.heading("Initech")).toBeVisible();
  await ada.record.typeNotes("Please call them, @Bo");
  const options = a.getByRole("listbox", { name: "People to mention" });
  await expect(options.getByRole("option", { name: /Bo Editor/ })).toHaveAttribute("aria-selected", "true");
  await a.keyboard.press("Enter");
  await a.keyboard.type("before Friday.");
  await expect(ada.record.notes.locator(".mention")).toHaveText("@Bo Editor");
  await expect(bell.count).toHaveText("1", { timeout: 20_000 });
  await bell.open();
  await expect(bell.item("Ada Owner mentioned you in Initech")).toContainText("Unread");

  // The note saved again, reloaded, edited: no second notification. (Another assignment after
  // the edits arrives after anything they could have caused.)
  await ada.record.typeNotes(" Thanks!");
  await a.reload();
  await expect(ada.record.heading("Initech")).toBeVisible();
  await ada.record.typeNotes(" Again.");
  await ada.accounts.create({ Name: "Globex" }, { Owner: "Bo Editor" });
  await expect(bell.item("Ada Owner assigned Globex to you")).toBeVisible({ timeout: 20_000 });
  await expect(bell.item("mentioned you")).toHaveCount(1);
  await expect(bell.items).toHaveCount(3);
  await expect(bell.count).toHaveText("2");
  await bell.markAll.click();
  await expect(bell.count).toBeHidden();
  await expect(bell.panel.getByText("Unread")).toHaveCount(0);

  // Offline, after a reload: the list is read from this device.
  await bo.device.waitForServiceWorker();
  await b.context().setOffline(true);
  await b.reload();
  await expect(bo.saveState).toHaveText("Offline");
  await b.keyboard.press("Alt+Shift+N");
  await expect(bell.items).toHaveCount(3);
  await expect(bell.item("Ada Owner mentioned you in Initech")).toBeVisible();
  await b.keyboard.press("Escape");
  await expect(bell.panel).toBeHidden();
  await expect(bell.button).toBeFocused();
  await b.context().setOffline(false);
});

test("the panel in Chinese: empty state, keyboard, and a notification", async ({ a, b, bo, ada, server, team }) => {
  await wakePeer(a, server.url, team.workspace);
  await bo.shell.setLanguage("zh");
  const bell = new BellMenu(b);
  await bell.button.focus();
  await b.keyboard.press("Enter");
  await expect(bell.panel).toBeVisible();
  await expect(bell.panel).toContainText("暂无新通知");
  await b.keyboard.press("Escape");
  await expect(bell.button).toBeFocused();
  await ada.accounts.create({ Name: "Umbrella" }, { Owner: "Bo Editor" });
  await expect(bell.count).toHaveText("1", { timeout: 20_000 });
  await b.keyboard.press("Alt+Shift+N");
  const item = bell.item("Ada Owner 将 Umbrella 分配给了你");
  await expect(item).toContainText("分配");
  await b.keyboard.press("ArrowDown");
  await expect(item.getByRole("link")).toBeFocused();
  await item.getByRole("button", { name: "标为已读" }).click();
  await expect(bell.count).toBeHidden();
});

test("a mention typed offline, kept across a reload, notifies once the author is back online", async ({
  a,
  b,
  ada,
  server,
  team,
}) => {
  await wakePeer(a, server.url, team.workspace);
  await ada.accounts.create({ Name: "Hooli" });
  await ada.device.waitForServiceWorker();
  const bell = new BellMenu(b);
  // Offline emulation keeps an open socket: a reload starts the app with no network at all.
  await a.context().setOffline(true);
  await a.reload();
  await expect(ada.saveState).toHaveText("Offline");
  await ada.record.typeNotes("Ask @bo");
  await expect(a.getByRole("option", { name: /Bo Editor/ })).toBeVisible();
  await a.keyboard.press("Enter");
  await expect(ada.record.notes.locator(".mention")).toHaveText("@Bo Editor");
  // Closed and opened again while offline: the mention waits on this device, not in memory.
  await expect.poll(() => queuedMentions(a)).toBe(1);
  await a.reload();
  await expect(ada.record.heading("Hooli")).toBeVisible();
  await expect(bell.count).toBeHidden();
  expect(await queuedMentions(a)).toBe(1);
  await a.context().setOffline(false);
  await expect(bell.count).toHaveText("1", { timeout: 20_000 });
  await expect.poll(() => queuedMentions(a)).toBe(0);
  await bell.open();
  await expect(bell.item("Ada Owner mentioned you in Hooli")).toBeVisible();
});
