import type { Locator, Page } from "@playwright/test";
import { expect, nav, test } from "./fixtures.js";

/*
 * Lists drawn from the field descriptors, with the keyboard alone: the column chooser (show,
 * hide, reorder, reset; remembered on the device; carried by a saved view a teammate opens), a
 * custom field an admin adds in Settings appearing at once in the chooser, the filters and the
 * groups, and sort and group-by on the cases, leads and pipeline lists.
 */

type Crm = {
  store: { create(collection: string, record: object): Promise<{ ok: true; id: string } | { ok: false }> };
};

/** Records written through the local store, as a form would (validated, with the workspace's fields); their ids. */
function create(page: Page, collection: string, records: object[]): Promise<string[]> {
  return page.evaluate(
    async ({ collection, records }) => {
      const crm = (window as unknown as { __crm: Crm }).__crm;
      const ids: string[] = [];
      for (const r of records) {
        const result = await crm.store.create(collection, r);
        if (!result.ok) throw new Error(`${collection}: ${JSON.stringify(result)}`);
        ids.push(result.id);
      }
      return ids;
    },
    { collection, records },
  );
}

/**
 * An admin adds the picklist field "Tier" (Gold, Silver) to accounts in Settings → Fields and
 * saves it: stored as `cfTier`, its values by their English names.
 */
async function addTierField(page: Page) {
  await page.getByRole("banner").getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Fields" }).click();
  await expect(page.getByLabel("Record type")).toHaveValue("accounts");
  const group = page.getByRole("group", { name: "Add a field" });
  await group.getByLabel("Name (English)").fill("Tier");
  await group.getByLabel("Name (Chinese)").fill("等级");
  await group.getByLabel("Kind").selectOption({ label: "Picklist" });
  for (const [i, [en, zh]] of [
    ["Gold", "金牌"],
    ["Silver", "银牌"],
  ].entries()) {
    await group.getByRole("button", { name: "Add value" }).press("Enter");
    await group.getByLabel(`Value ${i + 1} (English)`).fill(en!);
    await group.getByLabel(`Value ${i + 1} (Chinese)`).fill(zh!);
  }
  await group.getByRole("button", { name: "Add field" }).press("Enter");
  await expect(page.getByText("Stored as cfTier")).toBeVisible();
  await page.getByRole("button", { name: "Save changes" }).press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
}

/** The column headers' words (as written: the head shows them upper-cased). */
function headers(page: Page, list: string): Promise<string[]> {
  return page
    .getByRole("list", { name: list })
    .locator("xpath=../..")
    .getByRole("columnheader")
    .evaluateAll((els) => els.map((el) => (el.textContent ?? "").replace(/[↑↓]/g, "").trim()));
}

function rows(page: Page, list: string): Locator {
  return page.getByRole("list", { name: list }).getByRole("listitem");
}

/** The list's lines as read: each row's name, each group header's name and count ("Gold 2"). */
async function lineTexts(page: Page, list: string): Promise<string[]> {
  return page
    .getByRole("list", { name: list })
    .locator(".row-link, .group-toggle")
    .evaluateAll((els) =>
      els.map((el) =>
        el.classList.contains("row-link")
          ? (el.textContent ?? "")
          : `${el.querySelector(".group-name")?.textContent} ${el.querySelector(".group-count")?.textContent}`,
      ),
    );
}

/** Opens the column chooser from the keyboard; its first column's tick has the focus. */
async function openChooser(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Columns" }).press("Enter");
  const dialog = page.getByRole("dialog", { name: "Choose columns" });
  await expect(dialog.getByRole("checkbox").first()).toBeFocused();
  return dialog;
}

/** The view bar's "Add filter", by keyboard: Enter opens it, the choices are made, Enter adds. */
async function addFilter(page: Page, field: string, op: string, value: string) {
  await page.getByRole("button", { name: "+ Add filter" }).press("Enter");
  const dialog = page.getByRole("dialog", { name: "Add a filter" });
  await expect(dialog.getByLabel("Field")).toBeFocused();
  await dialog.getByLabel("Field").selectOption({ label: field });
  await dialog.getByLabel("Condition").selectOption({ label: op });
  await dialog.getByLabel("Value").selectOption({ label: value });
  await dialog.getByLabel("Value").press("Enter");
  await expect(dialog).toHaveCount(0);
}

test("the column chooser hides, shows and reorders columns by keyboard; remembered after a reload; carried by a saved view a teammate opens", async ({
  a,
  b,
}) => {
  await create(a, "accounts", [
    { name: "Acme Retail", industry: "Retail", status: "customer", email: "hello@acme.test" },
    { name: "Bolt Energy", industry: "Energy", status: "prospect", website: "bolt.test" },
  ]);
  await nav(a, "Accounts").click();
  await expect(rows(a, "Accounts")).toHaveCount(2);
  const defaults = ["Name", "Industry", "Phone", "Email", "Status", "Owner"];
  expect(await headers(a, "Accounts")).toEqual(defaults);

  const dialog = await openChooser(a);
  // Tick, ↑, ↓ for each shown column: three Tabs from Industry's tick reach Phone's.
  for (let i = 0; i < 3; i++) await a.keyboard.press("Tab");
  const phone = dialog.getByRole("checkbox", { name: "Phone" });
  await expect(phone).toBeFocused();
  await a.keyboard.press("Space");
  await expect(phone).not.toBeChecked();
  await expect(phone).toBeFocused(); // followed it to the hidden columns
  await expect.poll(() => headers(a, "Accounts")).toEqual(["Name", "Industry", "Email", "Status", "Owner"]);
  // Show Website (it goes last), then move Status up twice: before Industry.
  const website = dialog.getByRole("checkbox", { name: "Website" });
  await website.focus();
  await a.keyboard.press("Space");
  await expect(website).toBeChecked();
  await dialog.getByRole("button", { name: "Move Status up" }).press("Enter");
  await expect(dialog.getByRole("button", { name: "Move Status up" })).toBeFocused();
  await a.keyboard.press("Enter");
  const chosen = ["Name", "Status", "Industry", "Email", "Owner", "Website"];
  await expect.poll(() => headers(a, "Accounts")).toEqual(chosen);
  await expect(rows(a, "Accounts").filter({ hasText: "Bolt Energy" })).toContainText("bolt.test");
  await a.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(a.getByRole("button", { name: "Columns" })).toBeFocused();

  // Remembered on this device.
  await a.reload();
  await expect(rows(a, "Accounts")).toHaveCount(2);
  await expect.poll(() => headers(a, "Accounts")).toEqual(chosen);

  // Saved with a view; a teammate who opens it gets its columns.
  await a.getByRole("button", { name: "Save view…" }).press("Enter");
  await a.getByLabel("View name").fill("Wide accounts");
  await a.getByLabel("View name").press("Enter");
  await expect(a).toHaveURL(/\?view=/);
  await nav(b, "Accounts").click();
  await expect(rows(b, "Accounts")).toHaveCount(2);
  expect(await headers(b, "Accounts")).toEqual(defaults);
  const picker = b.getByLabel("View", { exact: true });
  await expect(picker.getByRole("option", { name: "Wide accounts" })).toHaveCount(1);
  await picker.selectOption({ label: "Wide accounts" });
  await expect.poll(() => headers(b, "Accounts")).toEqual(chosen);
  // Back to all records: the columns stay as they are on screen.
  await picker.selectOption({ label: "All records" });
  await expect.poll(() => headers(b, "Accounts")).toEqual(chosen);

  // Reset to default: the saved view on A's screen now differs from it.
  const again = await openChooser(a);
  await again.getByRole("button", { name: "Reset to default" }).press("Enter");
  await expect.poll(() => headers(a, "Accounts")).toEqual(defaults);
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
}) => {
  await nav(b, "Accounts").click();
  await expect(b.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
  await addTierField(a);
  await create(a, "accounts", [
    { name: "Acme Retail", cfTier: "Gold" },
    { name: "Bolt Energy", cfTier: "Silver" },
    { name: "Cobalt Shops", cfTier: "金牌" }, // a label in either language is stored as its value
    { name: "Delta Foods" },
  ]);
  await expect(rows(b, "Accounts")).toHaveCount(4);

  // B's open list learns the field live: it is offered as a column.
  const dialog = await openChooser(b);
  const tier = dialog.getByRole("checkbox", { name: "Tier" });
  await expect(tier).toBeVisible();
  await tier.focus();
  await b.keyboard.press("Space");
  await b.keyboard.press("Escape");
  await expect.poll(() => headers(b, "Accounts")).toContain("Tier");
  await expect(rows(b, "Accounts").filter({ hasText: "Cobalt Shops" })).toContainText("Gold");
  await expect(rows(b, "Accounts").filter({ hasText: "Bolt Energy" })).toContainText("Silver");

  // Filtered by its values (labels in the dialog), then grouped by it in the list's order.
  await addFilter(b, "Tier", "is", "Gold");
  await expect(b.getByRole("listitem").filter({ hasText: "Tier is Gold" })).toBeVisible();
  await expect(rows(b, "Accounts")).toHaveCount(2);
  await b.getByRole("button", { name: "Remove filter: Tier is Gold" }).press("Enter");
  await expect(rows(b, "Accounts")).toHaveCount(4);
  await b.getByLabel("Group by").selectOption({ label: "Tier" });
  await expect
    .poll(() => lineTexts(b, "Accounts"))
    .toEqual(["Gold 2", "Acme Retail", "Cobalt Shops", "Silver 1", "Bolt Energy", "(none) 1", "Delta Foods"]);
  // Sorted by it: Gold before Silver, no tier last.
  await b.getByLabel("Group by").selectOption({ label: "No grouping" });
  await b.getByLabel("Sort by").selectOption({ label: "Tier" });
  await expect
    .poll(() => lineTexts(b, "Accounts"))
    .toEqual(["Acme Retail", "Cobalt Shops", "Bolt Energy", "Delta Foods"]);

  // Remembered with the column after a reload (the settings are read from this device's copy).
  await b.reload();
  await expect.poll(() => headers(b, "Accounts")).toContain("Tier");
});

test("cases, leads and the pipeline list sort and group by any field", async ({ a }) => {
  await create(a, "cases", [
    { subject: "Printer jams", priority: "high", channel: "email" },
    { subject: "Invoice wrong", priority: "low", channel: "phone", category: "billing" },
    { subject: "Login fails", priority: "urgent", channel: "chat" },
    { subject: "App slow", priority: "high", channel: "web" },
  ]);
  await nav(a, "Cases").click();
  await expect(rows(a, "Cases")).toHaveCount(4);
  await a.getByLabel("Group by").selectOption({ label: "Priority" });
  await expect
    .poll(() => lineTexts(a, "Cases"))
    .toEqual(["Low 1", "Invoice wrong", "High 2", "App slow", "Printer jams", "Urgent 1", "Login fails"]);
  await a.getByLabel("Sort by").selectOption({ label: "Subject" });
  await a.getByRole("button", { name: "Sort direction" }).press("Enter");
  await expect
    .poll(() => lineTexts(a, "Cases"))
    .toEqual(["Low 1", "Invoice wrong", "High 2", "Printer jams", "App slow", "Urgent 1", "Login fails"]);
  // The SLA timer is still a column, and "Needs attention" is still its own view.
  expect(await headers(a, "Cases")).toContain("SLA");
  await expect(a.getByRole("link", { name: /Needs attention/ })).toBeVisible();

  await create(a, "leads", [
    { firstName: "Pat", lastName: "Plain", company: "Initech", status: "working" },
    { firstName: "Chris", lastName: "Chief", company: "Globex", status: "new", email: "chris@globex.test" },
    { firstName: "Sam", lastName: "Other", company: "Acme", status: "new" },
  ]);
  await nav(a, "Sales").click();
  await a.getByRole("navigation", { name: "Sales" }).getByRole("link", { name: "Leads", exact: true }).click();
  await expect(rows(a, "Leads")).toHaveCount(3);
  await a.getByLabel("Group by").selectOption({ label: "Status" });
  await expect
    .poll(() => lineTexts(a, "Leads"))
    .toEqual(["New 2", "Chris Chief", "Sam Other", "Working 1", "Pat Plain"]);
  await a.getByLabel("Sort by").selectOption({ label: "Company" });
  await expect
    .poll(() => lineTexts(a, "Leads"))
    .toEqual(["New 2", "Sam Other", "Chris Chief", "Working 1", "Pat Plain"]);

  const [accountId] = await create(a, "accounts", [{ name: "Globex" }]);
  await create(a, "opportunities", [
    { name: "Big deal", accountId, stage: "proposal", amount: 5000, closeDate: "2026-12-01" },
    { name: "Small deal", accountId, stage: "prospecting", amount: 500, closeDate: "2026-11-01" },
    { name: "Mid deal", accountId, stage: "proposal", amount: 1500, closeDate: "2026-10-01" },
  ]);
  await a.getByRole("navigation", { name: "Sales" }).getByRole("link", { name: "Pipeline", exact: true }).click();
  await a.getByRole("button", { name: "List", exact: true }).press("Enter");
  await expect(rows(a, "Pipeline")).toHaveCount(3);
  await a.getByLabel("Group by").selectOption({ label: "Stage" });
  await a.getByLabel("Sort by").selectOption({ label: "Amount" });
  await expect
    .poll(() => lineTexts(a, "Pipeline"))
    .toEqual(["Prospecting 1", "Small deal", "Proposal 2", "Mid deal", "Big deal"]);
});
