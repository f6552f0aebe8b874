import { createAccount, expect, nav, saveState, test } from "./fixtures.js";

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

  // Esc backs out of an edit without saving: with a change, once the person says so.
  await a.getByRole("link", { name: "Edit" }).focus();
  await a.keyboard.press("Enter");
  await a.getByLabel("Name", { exact: true }).fill("Not saved");
  await a.keyboard.press("Escape");
  await expect(a.getByRole("button", { name: "Keep editing" })).toBeFocused();
  await a.keyboard.press("Tab");
  await expect(a.getByRole("button", { name: "Discard" })).toBeFocused();
  await a.keyboard.press("Enter");
  await expect(a.getByRole("heading", { level: 1, name: "Keyboard Works" })).toBeVisible();
});

test("Ctrl+K finds a record of any type by a word of it and opens it; Esc closes; screens too", async ({ a }) => {
  await createAccount(a, { Name: "Globex Corporation", Email: "ops@globex.test" });
  await a.evaluate(async () => {
    const crm = (window as unknown as { __crm: { store: { create(c: string, r: object): Promise<{ ok: boolean }> } } })
      .__crm;
    await crm.store.create("cases", { subject: "Globex printer jam", priority: "high", channel: "email" });
  });
  await nav(a, "Contacts").click();
  await a.keyboard.press("Control+k");
  const box = a.getByRole("combobox", { name: "Find a record or a screen" });
  await expect(box).toBeFocused();
  await a.keyboard.type("glob");
  const results = a.getByRole("listbox", { name: "Results" });
  await expect(results.getByRole("option", { name: /Globex Corporation.*Account/ })).toBeVisible();
  await expect(results.getByRole("option", { name: /Globex printer jam.*Case/ })).toBeVisible();
  await a.keyboard.press("ArrowDown");
  await expect(results.getByRole("option", { name: /Globex printer jam/ })).toHaveAttribute("aria-selected", "true");
  await a.keyboard.press("Enter");
  await expect(a.getByRole("heading", { level: 1, name: "Globex printer jam" })).toBeVisible();

  await a.keyboard.press("Control+k");
  await a.keyboard.type("zzzz-nothing");
  await expect(a.getByText("Nothing on this device matches “zzzz-nothing”.")).toBeVisible();
  await a.keyboard.press("Escape");
  await expect(box).toHaveCount(0);

  await a.keyboard.press("Control+k");
  await a.keyboard.type("analy");
  await a.keyboard.press("Enter");
  await expect(a).toHaveURL(/\/analytics$/);
});
