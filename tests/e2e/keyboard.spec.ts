import { expect, saveState, test } from "./fixtures.js";

test("keyboard only: create an account, find it with /, open it, go back", async ({ a }) => {
  await a.locator("body").press("n");
  const name = a.getByLabel("Name", { exact: true });
  await expect(name).toBeFocused();
  await a.keyboard.type("Keyboard Works");
  await a.keyboard.press("Tab");
  await expect(a.getByLabel("Website", { exact: true })).toBeFocused();
  await a.keyboard.type("keyboard.example");
  await a.keyboard.press("Enter");
  await expect(a.getByRole("heading", { level: 1, name: "Keyboard Works" })).toBeVisible();
  await expect(saveState(a)).toHaveText("Synced");

  // Saving replaced the form in the history: one step back is the list.
  await a.goBack();
  await expect(a.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
  await a.locator("body").press("/");
  const search = a.getByRole("searchbox", { name: "Search accounts" });
  await expect(search).toBeFocused();
  await a.keyboard.type("keyb");
  const link = a.getByRole("link", { name: "Keyboard Works", exact: true });
  await expect(link).toBeVisible();
  // Tab from the search box reaches the "New account" button, then the first row's link.
  await a.keyboard.press("Tab");
  await expect(a.getByRole("button", { name: "New account" })).toBeFocused();
  await a.keyboard.press("Tab");
  await expect(link).toBeFocused();
  await a.keyboard.press("Enter");
  await expect(a.getByRole("heading", { level: 1, name: "Keyboard Works" })).toBeVisible();

  // Esc backs out of an edit without saving.
  await a.getByRole("link", { name: "Edit" }).focus();
  await a.keyboard.press("Enter");
  await a.getByLabel("Name", { exact: true }).fill("Not saved");
  await a.keyboard.press("Escape");
  await expect(a.getByRole("heading", { level: 1, name: "Keyboard Works" })).toBeVisible();
});
