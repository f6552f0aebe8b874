import { type App, expect, test } from "./fixtures.js";

// Sales: leads → pipeline → quotes → orders, through the UI only (page `a` is the owner, `b` an
// editor in the same workspace).

test("leads are captured with a score from the workspace rules, sorted by it, and the form names bad fields", async ({
  a,
  ada,
}) => {
  await ada.sales.goto("Leads");
  await expect(a.getByRole("heading", { name: "No leads yet" })).toBeVisible();
  // A bad email is refused at the field, nothing saved.
  await a.getByRole("button", { name: "Capture your first lead" }).click();
  await a.getByLabel("Last name", { exact: true }).fill("Nobody");
  await a.getByLabel("Email", { exact: true }).fill("not-an-email");
  await a.getByRole("button", { name: "Save" }).click();
  await expect(a.getByText("Enter an email address like name@example.com.")).toBeVisible();
  await expect(a.getByLabel("Email", { exact: true })).toBeFocused();
  await a.getByRole("button", { name: "Cancel" }).click();

  await ada.sales.createLead({ "First name": "Pat", "Last name": "Plain" });
  await expect(a.getByTestId("lead-score")).toHaveText("0");
  // Email +10, phone +5, title in ceo… +20, source referral +15 under the default rules.
  await ada.sales.createLead(
    {
      "First name": "Chris",
      "Last name": "Chief",
      Company: "Initech",
      "Job title": "CEO",
      Email: "chris@initech.example",
      Phone: "+1 555 0101",
    },
    { Source: "referral" },
  );
  await expect(a.getByTestId("lead-score")).toHaveText("50");
  await ada.sales.goto("Leads");
  const rows = a.getByRole("list", { name: "Leads" }).getByRole("listitem");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Chris Chief");
  await expect(rows.nth(0)).toContainText("50");
  // Leads sort (and group) by any field like every list; the list's own order is the live score.
  await a.getByLabel("Sort by").selectOption({ label: "Last name" });
  await expect(rows.nth(0)).toContainText("Chris Chief");
  await a.getByRole("button", { name: "Sort direction" }).click();
  await expect(rows.nth(0)).toContainText("Pat Plain");
  await a.getByLabel("Sort by").selectOption({ label: "List order" });
  await expect(rows.nth(0)).toContainText("Chris Chief");
  await a.getByLabel("Search leads").fill("pat");
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText("Pat Plain");
  await a.screenshot({ path: "/tmp/sales-shots/leads-en.png" });
});

test("converting a lead offers the matching account; the person's choice is used and the lead is marked converted", async ({
  a,
  ada,
}) => {
  await ada.accounts.create({ Name: "Acme GmbH", Website: "acme.example" });
  await ada.sales.createLead({
    "First name": "Jo",
    "Last name": "Buyer",
    Company: "ACME GmbH",
    Email: "jo@acme.example",
  });
  await a.getByRole("button", { name: "Convert", exact: true }).click();
  await expect(a.getByText("We found accounts that look like this company")).toBeVisible();
  await expect(a.getByRole("radio", { name: /Use Acme GmbH/ })).toBeChecked();
  await a.screenshot({ path: "/tmp/sales-shots/convert-en.png" });
  // A bad amount is shown at its field and nothing is created.
  await a.getByLabel("Amount", { exact: true }).fill("lots");
  await a.getByRole("button", { name: "Convert lead" }).click();
  await expect(a.getByText("Enter a number, like 1200 or 1200.50.")).toBeVisible();
  await a.getByLabel("Amount", { exact: true }).fill("12000");
  await a.getByRole("button", { name: "Convert lead" }).click();

  await expect(a.getByRole("heading", { level: 1, name: "ACME GmbH – new deal" })).toBeVisible();
  await expect(a.getByRole("link", { name: "Acme GmbH" })).toBeVisible();
  await expect(a.getByTestId("opp-stage")).toHaveText("Qualification");
  await ada.shell.goTo("Accounts");
  // The existing account was used: still one Acme.
  await expect(a.getByRole("link", { name: /acme/i })).toHaveCount(1);
  await ada.sales.goto("Leads");
  await a.getByRole("link", { name: "Jo Buyer" }).click();
  await expect(a.locator(".record-head").getByText("Converted")).toBeVisible();
  await expect(a.getByRole("button", { name: "Convert", exact: true })).toHaveCount(0);
  await expect(a.getByRole("link", { name: "Jo Buyer" })).toBeVisible(); // the contact
});

test("the pipeline: a deal moves by mouse and by keyboard; the forecast weights open deals by month and quarter", async ({
  a,
  ada,
}) => {
  await ada.accounts.create({ Name: "Globex" });
  await ada.sales.goto("Pipeline");
  await expect(a.getByRole("heading", { name: "No opportunities yet" })).toBeVisible();
  for (const [name, amount, close] of [
    ["Globex renewal", "10000", "2027-01-15"],
    ["Globex expansion", "4000", "2027-02-20"],
  ] as const) {
    await ada.sales.goto("Pipeline");
    await a.getByRole("button", { name: "New opportunity" }).first().click();
    await a.getByLabel("Name", { exact: true }).fill(name);
    await a.getByRole("combobox", { name: "Account" }).fill("glob");
    await a.getByRole("option", { name: /Globex/ }).click();
    await a.getByLabel("Amount", { exact: true }).fill(amount);
    await a.getByLabel("Expected close date", { exact: true }).fill(close);
    await a.getByRole("button", { name: "Save" }).click();
    await expect(a.getByRole("heading", { level: 1, name })).toBeVisible();
  }
  await ada.sales.goto("Pipeline");
  await expect(ada.sales.column("Prospecting").getByRole("link")).toHaveCount(2);
  // 10% of each in prospecting: January 1,000, February 400; Q1 1,400.
  const forecast = a.getByRole("region", { name: "Weighted forecast" });
  await expect(forecast.getByRole("row", { name: /2027-01/ })).toContainText("€1,000.00");
  await forecast.getByRole("button", { name: "By quarter" }).click();
  await expect(forecast.getByRole("row", { name: /2027-Q1/ })).toContainText("€1,400.00");

  // Mouse: drag the renewal onto Negotiation (75%).
  await ada.sales
    .column("Prospecting")
    .getByRole("link", { name: "Globex renewal" })
    .dragTo(ada.sales.column("Negotiation"));
  await expect(ada.sales.column("Negotiation").getByRole("link", { name: "Globex renewal" })).toBeVisible();
  await expect(forecast.getByRole("row", { name: /2027-Q1/ })).toContainText("€7,900.00");
  // Keyboard: focus the expansion and press → twice (Qualification, then Proposal).
  await ada.sales.column("Prospecting").getByRole("link", { name: "Globex expansion" }).focus();
  await a.keyboard.press("ArrowRight");
  await expect(ada.sales.column("Qualification").getByRole("link", { name: "Globex expansion" })).toBeFocused();
  await a.keyboard.press("ArrowRight");
  await expect(ada.sales.column("Proposal").getByRole("link", { name: "Globex expansion" })).toBeFocused();
  // The "Move to stage" menu: to Won, which leaves the forecast.
  await a.getByRole("combobox", { name: "Move to stage: Globex renewal" }).selectOption({ label: "Won" });
  await expect(ada.sales.column("Won").getByRole("link", { name: "Globex renewal" })).toBeVisible();
  await expect(forecast.getByRole("row", { name: /2027-Q1/ })).toContainText("€2,000.00");
  await a.screenshot({ path: "/tmp/sales-shots/pipeline-en.png", fullPage: true });
  // The list view shows the same deals with their stage.
  await a.getByRole("button", { name: "List" }).click();
  const rows = a.getByRole("list", { name: "Pipeline" }).getByRole("listitem");
  await expect(rows.filter({ hasText: "Globex renewal" })).toContainText("Won");
  await expect(rows.filter({ hasText: "Globex expansion" })).toContainText("Proposal");
});

/** Both pages show the deal in the same won/lost column, with only that stage's stamp. */
async function expectConverged(ada: App, bo: App, name: string) {
  await expect
    .poll(async () => `${await ada.sales.boardStageOf(name)}|${await bo.sales.boardStageOf(name)}`)
    .toMatch(/^(won\|won|lost\|lost)$/);
  await expect(ada.page.getByRole("link", { name })).toHaveCount(1);
  await expect(bo.page.getByRole("link", { name })).toHaveCount(1);
  const stage = await ada.sales.boardStageOf(name);
  // Each move stamped its own outcome; the merged deal keeps only the one its stage calls for.
  for (const { page } of [ada, bo]) {
    await page.getByRole("link", { name }).click();
    await expect(page.getByTestId("opp-stage")).toHaveText(stage === "won" ? "Won" : "Lost");
    await expect(page.getByText(stage === "won" ? "Won on" : "Lost on")).toBeVisible();
    await expect(page.getByText(stage === "won" ? "Lost on" : "Won on")).toHaveCount(0);
  }
}

test("two browsers drag the same opportunity to different stages at once and converge to the same stage", async ({
  ada,
  bo,
}) => {
  await ada.accounts.create({ Name: "Hooli" });
  await ada.sales.createDeal("Hooli platform", "Hooli");
  await ada.sales.goto("Pipeline");
  await bo.sales.goto("Pipeline");
  await expect(bo.sales.column("Prospecting").getByRole("link", { name: "Hooli platform" })).toBeVisible();
  await expect(ada.saveState).toHaveText("Synced");
  await expect(bo.saveState).toHaveText("Synced");
  await Promise.all([
    ada.sales.column("Prospecting").getByRole("link", { name: "Hooli platform" }).dragTo(ada.sales.column("Won")),
    bo.sales.column("Prospecting").getByRole("link", { name: "Hooli platform" }).dragTo(bo.sales.column("Lost")),
  ]);
  await expect(ada.saveState).toHaveText("Synced");
  await expect(bo.saveState).toHaveText("Synced");
  await expectConverged(ada, bo, "Hooli platform");
});

test("moves made while both browsers are cut off (surely concurrent) converge once the server is back", async ({
  ada,
  bo,
  server,
}) => {
  await ada.accounts.create({ Name: "Pied Piper" });
  await ada.sales.createDeal("Pied Piper deal", "Pied Piper");
  await ada.sales.goto("Pipeline");
  await bo.sales.goto("Pipeline");
  await expect(bo.sales.column("Prospecting").getByRole("link", { name: "Pied Piper deal" })).toBeVisible();
  await expect(ada.saveState).toHaveText("Synced");
  await expect(bo.saveState).toHaveText("Synced");
  await server.stop();
  await expect(ada.saveState).toHaveText("Offline");
  await expect(bo.saveState).toHaveText("Offline");
  await ada.sales.column("Prospecting").getByRole("link", { name: "Pied Piper deal" }).dragTo(ada.sales.column("Won"));
  await bo.sales.column("Prospecting").getByRole("link", { name: "Pied Piper deal" }).dragTo(bo.sales.column("Lost"));
  await expect(ada.sales.column("Won").getByRole("link", { name: "Pied Piper deal" })).toBeVisible();
  await expect(bo.sales.column("Lost").getByRole("link", { name: "Pied Piper deal" })).toBeVisible();
  await server.start();
  await expect(ada.saveState).toHaveText("Synced", { timeout: 15_000 });
  await expect(bo.saveState).toHaveText("Synced", { timeout: 15_000 });
  await expectConverged(ada, bo, "Pied Piper deal");
});

test("acceptance: a lead is converted, its deal dragged to Won, a two-line discounted quote accepted as an order, shipped and delivered", async ({
  a,
  ada,
  team,
}) => {
  await ada.products.create("Widget", "w-1", "100");
  await ada.products.create("Gadget", "G-1", "250");
  await ada.sales.goto("Price book");
  await expect(a.getByRole("list", { name: "Price book" }).getByRole("listitem")).toHaveCount(2);

  await ada.sales.createLead({
    "First name": "Uma",
    "Last name": "Brella",
    Company: "Umbrella Corp",
    Email: "uma@umbrella.example",
  });
  await ada.sales.convertOpenLead({ amount: "5000", close: "2027-03-31" });
  await expect(a.getByRole("heading", { level: 1, name: "Umbrella Corp – new deal" })).toBeVisible();
  const dealUrl = a.url();

  await ada.sales.goto("Pipeline");
  await ada.sales
    .column("Qualification")
    .getByRole("link", { name: "Umbrella Corp – new deal" })
    .dragTo(ada.sales.column("Won"));
  await expect(ada.sales.column("Won").getByRole("link", { name: "Umbrella Corp – new deal" })).toBeVisible();

  await a.goto(dealUrl);
  await expect(a.getByTestId("opp-stage")).toHaveText("Won");
  await a.getByRole("link", { name: "New quote" }).click();
  await expect(a.getByRole("combobox", { name: "Account" })).toHaveValue("Umbrella Corp");
  await a.getByLabel("Product", { exact: true }).selectOption({ label: "Widget · W-1 · €100.00" });
  await a.getByRole("button", { name: "Add product" }).click();
  await a.getByLabel("Product", { exact: true }).selectOption({ label: "Gadget · G-1 · €250.00" });
  await a.getByRole("button", { name: "Add product" }).click();
  await a.getByLabel("Quantity 1").fill("three");
  await a.getByLabel("Discount % 1").fill("10");
  await a.getByLabel("Quantity 2").fill("2");
  await a.getByRole("button", { name: "Save" }).click();
  // Refused at the line's field; nothing saved.
  await expect(a.getByText("Enter a number, like 1200 or 1200.50.")).toBeVisible();
  await expect(a.getByLabel("Quantity 1")).toBeFocused();
  await a.getByLabel("Quantity 1").fill("3");
  // 3 × 100 − 10% = 270, 2 × 250 = 500.
  await expect(a.locator("[data-total=discount]")).toContainText("-€30.00");
  await expect(a.locator("[data-total=total]")).toContainText("€770.00");
  await a.getByRole("button", { name: "Save" }).click();

  await expect(a.getByRole("heading", { level: 1, name: "Quote Q-00001" })).toBeVisible();
  await expect(a.locator("[data-total=total]")).toContainText("€770.00");
  await a.screenshot({ path: "/tmp/sales-shots/quote-en.png", fullPage: true });
  await a.getByRole("link", { name: "Print / PDF" }).click();
  await a.emulateMedia({ media: "print" });
  await expect(a.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(a.getByRole("heading", { level: 1, name: "Quote Q-00001" })).toBeVisible();
  await expect(a.getByText("Umbrella Corp")).toBeVisible();
  await a.screenshot({ path: "/tmp/sales-shots/quote-print-en.png", fullPage: true });
  await a.emulateMedia({ media: "screen" });
  await a.getByRole("link", { name: "Back" }).click();

  await a.getByRole("button", { name: "Mark sent" }).click();
  await expect(a.locator(".record-head").getByText("Sent")).toBeVisible();
  await a.getByRole("button", { name: "Accept" }).click();
  await expect(a.getByText("Accepted: became order O-00001.")).toBeVisible();
  await expect(a.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
  await a.getByRole("link", { name: "O-00001" }).click();

  await expect(a.getByRole("heading", { level: 1, name: "O-00001" })).toBeVisible();
  await expect(a.getByTestId("order-total")).toHaveText("€770.00");
  await expect(a.getByTestId("order-status")).toHaveText("New");
  // Only the legal moves are offered.
  await expect(a.locator(".status-actions").getByRole("button")).toHaveText(["Confirm", "Cancel order"]);
  await a.getByRole("button", { name: "Confirm" }).click();
  await expect(a.locator(".status-actions").getByRole("button")).toHaveText(["Mark shipped", "Cancel order"]);
  await a.getByRole("button", { name: "Mark shipped" }).click();
  await expect(a.locator(".status-actions").getByRole("button")).toHaveText(["Mark delivered", "Mark returned"]);
  await a.getByRole("button", { name: "Mark delivered" }).click();
  await expect(a.getByTestId("order-status")).toHaveText("Delivered");
  // A delivered order can still come back, and nothing else.
  await expect(a.locator(".status-actions").getByRole("button")).toHaveText(["Mark returned"]);
  const history = a.getByRole("list", { name: "Status history" }).getByRole("listitem");
  await expect(history).toHaveCount(4);
  await expect(history.nth(0)).toContainText("New");
  await expect(history.nth(3)).toContainText("Delivered");
  await expect(history.nth(3)).toContainText(team.owner.name);
  await a.screenshot({ path: "/tmp/sales-shots/order-en.png", fullPage: true });
  await ada.sales.goto("Orders");
  const row = a.locator(".record-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Delivered");
  await expect(row).toContainText("Umbrella Corp");

  // The same screens in Simplified Chinese.
  await a.getByRole("combobox", { name: "Language" }).selectOption("zh");
  await expect(a.getByRole("heading", { level: 1, name: "订单" })).toBeVisible();
  await expect(row).toContainText("已送达");
  await expect(row).toContainText("€770.00");
  await a.screenshot({ path: "/tmp/sales-shots/orders-zh.png" });
  await row.getByRole("link", { name: "O-00001" }).click();
  await expect(a.getByRole("button", { name: "标记为已退货" })).toBeVisible();
  await expect(a.getByRole("list", { name: "状态记录" }).getByRole("listitem")).toHaveCount(4);
  await a.screenshot({ path: "/tmp/sales-shots/order-zh.png", fullPage: true });
  await a.getByRole("navigation", { name: "销售" }).getByRole("link", { name: "销售管道" }).click();
  await expect(a.locator(".kanban").getByRole("region", { name: "赢单" })).toBeVisible();
  await expect(a.getByRole("heading", { name: "加权预测" })).toBeVisible();
  await a.screenshot({ path: "/tmp/sales-shots/pipeline-zh.png", fullPage: true });
  await a.getByRole("navigation", { name: "销售" }).getByRole("link", { name: "线索" }).click();
  await expect(a.locator(".record-row")).toContainText("已转化");
  await a.screenshot({ path: "/tmp/sales-shots/leads-zh.png" });
  await a.getByRole("navigation", { name: "销售" }).getByRole("link", { name: "报价" }).click();
  await expect(a.locator(".record-row")).toContainText("已接受");
  await a.getByRole("link", { name: "Q-00001" }).click();
  await a.screenshot({ path: "/tmp/sales-shots/quote-zh.png", fullPage: true });
});
