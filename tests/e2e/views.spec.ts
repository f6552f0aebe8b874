import { App, expect, openApp, signedInContext, test } from "./fixtures.js";

/*
 * Views on every list: filter chips, column sorting, group-by, "Mine", and saved views shared
 * live with the team (one Yjs document per workspace) — by mouse and by keyboard alone.
 */

test("accounts: filter, sort by a column header, group by status (collapsible); the view survives a reload", async ({
  a,
  ada,
}) => {
  const adaList = ada.list("Accounts");
  await ada.accounts.create({ Name: "Acme Retail", Industry: "Retail" }, { Status: "Customer" });
  await ada.accounts.create({ Name: "Bolt Energy", Industry: "Energy" }, { Status: "Prospect" });
  await ada.accounts.create({ Name: "Cobalt Shops", Industry: "Retail" }, { Status: "Churned" });
  await ada.accounts.create({ Name: "Delta Retail", Industry: "Retail" }, { Status: "Customer" });
  await ada.shell.goTo("Accounts");
  await expect(adaList.rows).toHaveCount(4);

  await adaList.addFilterByMouse("Industry", "is", "Retail");
  await expect(a.getByRole("listitem").filter({ hasText: "Industry is Retail" })).toBeVisible();
  await expect(adaList.rows).toHaveCount(3);
  await expect(a.getByText("3 matches")).toBeVisible();

  // Sort by clicking the Name header: ascending, then descending.
  const nameHeader = a.getByRole("columnheader", { name: "Name" });
  await nameHeader.getByRole("button").click();
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  await nameHeader.getByRole("button").click();
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => adaList.names()).toEqual(["Delta Retail", "Cobalt Shops", "Acme Retail"]);

  // Group by status: a header per group with its count, rows under it; a group collapses.
  await a.getByLabel("Group by").selectOption({ label: "Status" });
  await expect(a.getByRole("button", { name: "Customer 2" })).toBeVisible();
  await expect
    .poll(() => adaList.names())
    .toEqual(["Customer", "Delta Retail", "Acme Retail", "Churned", "Cobalt Shops"]);
  await a.getByRole("button", { name: "Customer 2" }).click();
  await expect(a.getByRole("button", { name: "Customer 2" })).toHaveAttribute("aria-expanded", "false");
  await expect.poll(() => adaList.names()).toEqual(["Customer", "Churned", "Cobalt Shops"]);
  await a.screenshot({ path: "/tmp/views-shots/accounts-grouped-en.png" });

  // Remembered on this device.
  await a.reload();
  await expect(a.getByRole("listitem").filter({ hasText: "Industry is Retail" })).toBeVisible();
  await expect(a.getByLabel("Group by")).toHaveValue("status");
  await a.getByRole("button", { name: "Remove filter: Industry is Retail" }).click();
  await a.getByLabel("Group by").selectOption({ label: "No grouping" });
  await expect(adaList.rows).toHaveCount(4);
});

test("keyboard only: add a filter through the popover, Esc closes it and gives focus back", async ({ a, ada }) => {
  const adaList = ada.list("Accounts");
  await ada.accounts.create({ Name: "Acme Retail", Industry: "Retail" }, { Status: "Customer" });
  await ada.accounts.create({ Name: "Bolt Energy", Industry: "Energy" }, { Status: "Prospect" });
  await ada.shell.goTo("Accounts");
  await expect(adaList.rows).toHaveCount(2);
  const add = a.getByRole("button", { name: "+ Add filter" });
  await add.focus();
  await a.keyboard.press("Enter");
  const dialog = a.getByRole("dialog", { name: "Add a filter" });
  await expect(dialog.getByLabel("Field")).toBeFocused();
  await a.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(add).toBeFocused();

  await a.keyboard.press("Enter");
  await expect(dialog.getByLabel("Field")).toBeFocused();
  await a.keyboard.press("Tab"); // condition: the default ("contains") for Name
  await a.keyboard.press("Tab");
  await expect(dialog.getByLabel("Value")).toBeFocused();
  await a.keyboard.press("Enter"); // empty: refused at the field
  await expect(dialog.getByRole("alert")).toHaveText("Type a value.");
  await a.keyboard.type("bolt");
  await a.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(adaList.rows).toHaveCount(1);
  await expect(adaList.rows).toContainText("Bolt Energy");
  await expect(add).toBeFocused();
});

test("“Mine” on leads shows each person their own", async ({ a, b, ada, bo }) => {
  await ada.sales.createLead({ "First name": "Pat", "Last name": "Plain" }, { Owner: "Ada Owner (you)" });
  await ada.sales.createLead({ "First name": "Sam", "Last name": "Other" }, { Owner: "Bo Editor" });
  await ada.sales.openTab("Leads");
  const rows = (app: App) => app.list("Leads").rows;
  await expect(rows(ada)).toHaveCount(2);
  await a.getByRole("checkbox", { name: "Mine" }).check();
  await expect(rows(ada)).toHaveCount(1);
  await expect(rows(ada)).toContainText("Pat Plain");

  await bo.sales.goto("Leads");
  await expect(rows(bo)).toHaveCount(2);
  await b.getByRole("checkbox", { name: "Mine" }).check();
  await expect(rows(bo)).toHaveCount(1);
  await expect(rows(bo)).toContainText("Sam Other");
});

test("a saved view made by one person appears live for a teammate, opens the same rows by link, and a viewer cannot save one", async ({
  a,
  b,
  ada,
  bo,
  browser,
  server,
  team,
}) => {
  const adaList = ada.list("Accounts");
  const boList = bo.list("Accounts");
  await ada.accounts.create({ Name: "Acme Retail", Industry: "Retail" }, { Status: "Customer" });
  await ada.accounts.create({ Name: "Bolt Energy", Industry: "Energy" }, { Status: "Prospect" });
  await ada.accounts.create({ Name: "Delta Retail", Industry: "Retail" }, { Status: "Customer" });
  await bo.shell.goTo("Accounts");
  await expect(boList.rows).toHaveCount(3);

  await ada.shell.goTo("Accounts");
  await adaList.addFilterByMouse("Status", "is", "Customer");
  await a.getByRole("button", { name: "Save view…" }).click();
  const dialog = a.getByRole("dialog", { name: "Save this view for the team" });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Give the view a name.");
  await dialog.getByLabel("View name").fill("Paying customers");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(a.getByLabel("View", { exact: true })).toHaveValue(/.+/);
  await expect(a).toHaveURL(/\?view=/);
  await expect(adaList.rows).toHaveCount(2);

  // B is on the accounts list already: the view shows up there without a reload.
  const picker = b.getByLabel("View", { exact: true });
  await expect(picker.getByRole("option", { name: "Paying customers" })).toHaveCount(1);
  await picker.selectOption({ label: "Paying customers" });
  await expect(boList.rows).toHaveCount(2);
  await expect.poll(() => boList.names()).toEqual(await adaList.names());

  // A link to the view opens the same rows on a fresh list.
  await b.getByRole("button", { name: "Remove filter: Status is Customer" }).click();
  await expect(boList.rows).toHaveCount(3);
  await expect(picker.getByRole("option", { name: "Paying customers (changed)" })).toHaveCount(1);
  await picker.selectOption({ label: "All records" });
  await b.goto(a.url());
  await expect(b.getByRole("listitem").filter({ hasText: "Status is Customer" })).toBeVisible();
  await expect(boList.rows).toHaveCount(2);
  await b.screenshot({ path: "/tmp/views-shots/accounts-saved-view-en.png" });

  // A viewer reads the team's views but every button that would change them is disabled.
  const vic = await team.join("Vic Viewer", "viewer");
  const ctx = await signedInContext(browser, server, vic);
  const viewer = await openApp(ctx, server);
  const vicApp = new App(viewer);
  const vicList = vicApp.list("Accounts");
  await vicApp.shell.goTo("Accounts");
  const viewerPicker = viewer.getByLabel("View", { exact: true });
  await expect(viewerPicker.getByRole("option", { name: "Paying customers" })).toHaveCount(1);
  await expect(viewer.getByRole("button", { name: "Save view…" })).toBeDisabled();
  await viewerPicker.selectOption({ label: "Paying customers" });
  await expect(vicList.rows).toHaveCount(2);
  await expect(viewer.getByRole("button", { name: "Rename" })).toBeDisabled();
  await expect(viewer.getByRole("button", { name: "Delete view" })).toBeDisabled();
  await ctx.close();

  // Renamed and then deleted by its author: gone for everyone.
  await a.getByRole("button", { name: "Rename" }).click();
  await a.getByLabel("View name").fill("Customers");
  await a.getByRole("dialog", { name: "Rename the view" }).getByRole("button", { name: "Save" }).click();
  await expect(picker.getByRole("option", { name: "Customers", exact: true })).toHaveCount(1);
  await a.getByRole("button", { name: "Delete view" }).click();
  await a.getByRole("alertdialog").getByRole("button", { name: "Delete view" }).click();
  await expect(picker.getByRole("option", { name: "Customers", exact: true })).toHaveCount(0);
  await expect(adaList.rows).toHaveCount(3);
});

test("every list has the view bar, in English and Chinese", async ({ a, ada }) => {
  await ada.accounts.create({ Name: "Acme Retail", Industry: "Retail" }, { Status: "Customer" });
  await ada.shell.goTo("Accounts");
  await a.getByLabel("Group by").selectOption({ label: "Status" });
  await a.getByRole("button", { name: "+ Add filter" }).click();
  await a.getByRole("dialog", { name: "Add a filter" }).getByLabel("Field").selectOption({ label: "Created" });
  await a.screenshot({ path: "/tmp/views-shots/accounts-filter-en.png" });
  await a.keyboard.press("Escape");
  await a.evaluate(() => localStorage.setItem("crm.language", "zh"));
  await a.reload();
  await expect(a.getByRole("heading", { level: 1, name: "客户" })).toBeVisible();
  await expect(a.getByLabel("分组依据")).toHaveValue("status");
  await a.getByRole("button", { name: "+ 添加筛选" }).click();
  await a.screenshot({ path: "/tmp/views-shots/accounts-filter-zh.png" });
  await a.keyboard.press("Escape");
  for (const path of ["/contacts", "/products", "/quotes", "/orders", "/pipeline", "/leads"]) {
    await a.goto(new URL(path, a.url()).toString());
    await expect(a.getByRole("button", { name: "+ 添加筛选" })).toBeVisible();
  }
  await a.screenshot({ path: "/tmp/views-shots/leads-zh.png" });
});
