import { expect, test } from "./fixtures.js";

/*
 * Lists drawn from the field descriptors, with the keyboard alone: the column chooser (show,
 * hide, reorder, reset; remembered on the device; carried by a saved view a teammate opens), a
 * custom field an admin adds in Settings appearing at once in the chooser, the filters and the
 * groups, and sort and group-by on the cases, leads and pipeline lists.
 */

test("the column chooser hides, shows and reorders columns by keyboard; remembered after a reload; carried by a saved view a teammate opens", async ({
  a,
  b,
  ada,
  bo,
}) => {
  const adaList = ada.list("Accounts");
  const boList = bo.list("Accounts");
  await ada.device.createMany("accounts", [
    { name: "Acme Retail", industry: "Retail", status: "customer", email: "hello@acme.test" },
    { name: "Bolt Energy", industry: "Energy", status: "prospect", website: "bolt.test" },
  ]);
  await ada.shell.goTo("Accounts");
  await expect(adaList.rows).toHaveCount(2);
  const defaults = ["Name", "Industry", "Phone", "Email", "Status", "Owner"];
  expect(await adaList.headers()).toEqual(defaults);

  const dialog = await adaList.openChooser();
  // Tick, ↑, ↓ for each shown column: three Tabs from Industry's tick reach Phone's.
  for (let i = 0; i < 3; i++) await a.keyboard.press("Tab");
  const phone = dialog.getByRole("checkbox", { name: "Phone" });
  await expect(phone).toBeFocused();
  await a.keyboard.press("Space");
  await expect(phone).not.toBeChecked();
  await expect(phone).toBeFocused(); // followed it to the hidden columns
  await expect.poll(() => adaList.headers()).toEqual(["Name", "Industry", "Email", "Status", "Owner"]);
  // Show Website (it goes last), then move Status up twice: before Industry.
  const website = dialog.getByRole("checkbox", { name: "Website" });
  await website.focus();
  await a.keyboard.press("Space");
  await expect(website).toBeChecked();
  await dialog.getByRole("button", { name: "Move Status up" }).press("Enter");
  await expect(dialog.getByRole("button", { name: "Move Status up" })).toBeFocused();
  await a.keyboard.press("Enter");
  const chosen = ["Name", "Status", "Industry", "Email", "Owner", "Website"];
  await expect.poll(() => adaList.headers()).toEqual(chosen);
  await expect(adaList.row("Bolt Energy")).toContainText("bolt.test");
  await a.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(a.getByRole("button", { name: "Columns" })).toBeFocused();

  // Remembered on this device.
  await a.reload();
  await expect(adaList.rows).toHaveCount(2);
  await expect.poll(() => adaList.headers()).toEqual(chosen);

  // Saved with a view; a teammate who opens it gets its columns.
  await a.getByRole("button", { name: "Save view…" }).press("Enter");
  await a.getByLabel("View name").fill("Wide accounts");
  await a.getByLabel("View name").press("Enter");
  await expect(a).toHaveURL(/\?view=/);
  await bo.shell.goTo("Accounts");
  await expect(boList.rows).toHaveCount(2);
  expect(await boList.headers()).toEqual(defaults);
  const picker = b.getByLabel("View", { exact: true });
  await expect(picker.getByRole("option", { name: "Wide accounts" })).toHaveCount(1);
  await picker.selectOption({ label: "Wide accounts" });
  await expect.poll(() => boList.headers()).toEqual(chosen);
  // Back to all records: the columns stay as they are on screen.
  await picker.selectOption({ label: "All records" });
  await expect.poll(() => boList.headers()).toEqual(chosen);

  // Reset to default: the saved view on A's screen now differs from it.
  const again = await adaList.openChooser();
  await again.getByRole("button", { name: "Reset to default" }).press("Enter");
  await expect.poll(() => adaList.headers()).toEqual(defaults);
  await expect(again.getByRole("button", { name: "Reset to default" })).toBeDisabled();
  await a.keyboard.press("Escape");
  await expect(
    a.getByLabel("View", { exact: true }).getByRole("option", { name: "Wide accounts (changed)" }),
  ).toHaveCount(1);

  // In Chinese too.
  await a.evaluate(() => localStorage.setItem("crm.language", "zh"));
  await a.reload();
  await a.getByRole("button", { name: "列", exact: true }).press("Enter");
  const zh = a.getByRole("dialog", { name: "选择列" });
  await expect(zh.getByRole("checkbox", { name: "行业" })).toBeChecked();
  await expect(zh.getByRole("button", { name: "恢复默认" })).toBeVisible();
});

test("a custom field an admin adds in Settings appears at once for a teammate in the chooser, filters and groups", async ({
  a,
  b,
  ada,
  bo,
}) => {
  const list = bo.list("Accounts");
  await bo.shell.goTo("Accounts");
  await expect(b.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
  await ada.settings.addPicklistField("accounts", { en: "Tier", zh: "等级" }, [
    ["Gold", "金牌"],
    ["Silver", "银牌"],
  ]);
  await expect(a.getByText("Stored as cfTier")).toBeVisible();
  await ada.device.createMany("accounts", [
    { name: "Acme Retail", cfTier: "Gold" },
    { name: "Bolt Energy", cfTier: "Silver" },
    { name: "Cobalt Shops", cfTier: "金牌" }, // a label in either language is stored as its value
    { name: "Delta Foods" },
  ]);
  await expect(list.rows).toHaveCount(4);

  // B's open list learns the field live: it is offered as a column.
  const dialog = await list.openChooser();
  const tier = dialog.getByRole("checkbox", { name: "Tier" });
  await expect(tier).toBeVisible();
  await tier.focus();
  await b.keyboard.press("Space");
  await b.keyboard.press("Escape");
  await expect.poll(() => list.headers()).toContain("Tier");
  await expect(list.row("Cobalt Shops")).toContainText("Gold");
  await expect(list.row("Bolt Energy")).toContainText("Silver");

  // Filtered by its values (labels in the dialog), then grouped by it in the list's order.
  await list.addFilter("Tier", "is", "Gold");
  await expect(b.getByRole("listitem").filter({ hasText: "Tier is Gold" })).toBeVisible();
  await expect(list.rows).toHaveCount(2);
  await list.removeFilter("Tier is Gold");
  await expect(list.rows).toHaveCount(4);
  await list.groupBy.selectOption({ label: "Tier" });
  await expect
    .poll(() => list.lines())
    .toEqual(["Gold 2", "Acme Retail", "Cobalt Shops", "Silver 1", "Bolt Energy", "(none) 1", "Delta Foods"]);
  // Sorted by it: Gold before Silver, no tier last.
  await list.groupBy.selectOption({ label: "No grouping" });
  await list.sortBy.selectOption({ label: "Tier" });
  await expect.poll(() => list.lines()).toEqual(["Acme Retail", "Cobalt Shops", "Bolt Energy", "Delta Foods"]);

  // Remembered with the column after a reload (the settings are read from this device's copy).
  await b.reload();
  await expect.poll(() => list.headers()).toContain("Tier");
});

test("cases, leads and the pipeline list sort and group by any field", async ({ a, ada }) => {
  const cases = ada.list("Cases");
  const leads = ada.list("Leads");
  const pipeline = ada.list("Pipeline");
  await ada.device.createMany("cases", [
    { subject: "Printer jams", priority: "high", channel: "email" },
    { subject: "Invoice wrong", priority: "low", channel: "phone", category: "billing" },
    { subject: "Login fails", priority: "urgent", channel: "chat" },
    { subject: "App slow", priority: "high", channel: "web" },
  ]);
  await ada.shell.goTo("Cases");
  await expect(cases.rows).toHaveCount(4);
  await cases.groupBy.selectOption({ label: "Priority" });
  await expect
    .poll(() => cases.lines())
    .toEqual(["Low 1", "Invoice wrong", "High 2", "App slow", "Printer jams", "Urgent 1", "Login fails"]);
  await cases.sortBy.selectOption({ label: "Subject" });
  await a.getByRole("button", { name: "Sort direction" }).press("Enter");
  await expect
    .poll(() => cases.lines())
    .toEqual(["Low 1", "Invoice wrong", "High 2", "Printer jams", "App slow", "Urgent 1", "Login fails"]);
  // The SLA timer is still a column, and "Needs attention" is still its own view.
  expect(await cases.headers()).toContain("SLA");
  await expect(a.getByRole("link", { name: /Needs attention/ })).toBeVisible();

  await ada.device.createMany("leads", [
    { firstName: "Pat", lastName: "Plain", company: "Initech", status: "working" },
    { firstName: "Chris", lastName: "Chief", company: "Globex", status: "new", email: "chris@globex.test" },
    { firstName: "Sam", lastName: "Other", company: "Acme", status: "new" },
  ]);
  await ada.sales.goto("Leads");
  await expect(leads.rows).toHaveCount(3);
  await leads.groupBy.selectOption({ label: "Status" });
  await expect.poll(() => leads.lines()).toEqual(["New 2", "Chris Chief", "Sam Other", "Working 1", "Pat Plain"]);
  await leads.sortBy.selectOption({ label: "Company" });
  await expect.poll(() => leads.lines()).toEqual(["New 2", "Sam Other", "Chris Chief", "Working 1", "Pat Plain"]);

  const [accountId] = await ada.device.createMany("accounts", [{ name: "Globex" }]);
  await ada.device.createMany("opportunities", [
    { name: "Big deal", accountId, stage: "proposal", amount: 5000, closeDate: "2026-12-01" },
    { name: "Small deal", accountId, stage: "prospecting", amount: 500, closeDate: "2026-11-01" },
    { name: "Mid deal", accountId, stage: "proposal", amount: 1500, closeDate: "2026-10-01" },
  ]);
  await ada.sales.openTab("Pipeline");
  await a.getByRole("button", { name: "List", exact: true }).press("Enter");
  await expect(pipeline.rows).toHaveCount(3);
  await pipeline.groupBy.selectOption({ label: "Stage" });
  await pipeline.sortBy.selectOption({ label: "Amount" });
  await expect
    .poll(() => pipeline.lines())
    .toEqual(["Prospecting 1", "Small deal", "Proposal 2", "Mid deal", "Big deal"]);
});
