import { expect, test } from "./fixtures.js";

test("keyboard only: create an account, find it with /, open it, go back", async ({ a, ada }) => {
  await a.locator("body").press("n");
  const name = ada.form.field("Name");
  await expect(name).toBeFocused();
  await a.keyboard.type("Keyboard Works");
  await a.keyboard.press("Tab");
  await expect(ada.form.field("Website")).toBeFocused();
  await a.keyboard.type("keyboard.example");
  await a.keyboard.press("Enter");
  await expect(ada.record.heading("Keyboard Works")).toBeVisible();
  await expect(ada.saveState).toHaveText("Synced");

  // Saving replaced the form in the history: one step back is the list.
  await a.goBack();
  await expect(a.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
  await a.locator("body").press("/");
  const search = ada.accounts.search;
  await expect(search).toBeFocused();
  await a.keyboard.type("keyb");
  const link = ada.accounts.link("Keyboard Works");
  await expect(link).toBeVisible();
  // Tab from the search box reaches the "New account" button, then the first row's link.
  await a.keyboard.press("Tab");
  await expect(ada.accounts.newButton).toBeFocused();
  await a.keyboard.press("Tab");
  await expect(link).toBeFocused();
  await a.keyboard.press("Enter");
  await expect(ada.record.heading("Keyboard Works")).toBeVisible();

  // Esc backs out of an edit without saving: with a change, once the person says so.
  await ada.record.editLink.focus();
  await a.keyboard.press("Enter");
  await ada.form.field("Name").fill("Not saved");
  await a.keyboard.press("Escape");
  await expect(a.getByRole("button", { name: "Keep editing" })).toBeFocused();
  await a.keyboard.press("Tab");
  await expect(a.getByRole("button", { name: "Discard" })).toBeFocused();
  await a.keyboard.press("Enter");
  await expect(ada.record.heading("Keyboard Works")).toBeVisible();
});

test("Ctrl+K finds a record of any type by a word of it and opens it; Esc closes; screens too", async ({ a, ada }) => {
  await ada.accounts.create({ Name: "Globex Corporation", Email: "ops@globex.test" });
  await ada.device.create("cases", { subject: "Globex printer jam", priority: "high", channel: "email" });
  await ada.contacts.goto();
  await ada.palette.search("glob");
  const { box, results } = ada.palette;
  await expect(results.getByRole("option", { name: /Globex Corporation.*Account/ })).toBeVisible();
  await expect(results.getByRole("option", { name: /Globex printer jam.*Case/ })).toBeVisible();
  await a.keyboard.press("ArrowDown");
  await expect(results.getByRole("option", { name: /Globex printer jam/ })).toHaveAttribute("aria-selected", "true");
  await a.keyboard.press("Enter");
  await expect(ada.record.heading("Globex printer jam")).toBeVisible();

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
