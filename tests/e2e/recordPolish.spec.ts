import { expect, test } from "./fixtures.js";

/*
 * What a person reads on record screens: links and translated statuses on the customer 360,
 * Ctrl/⌘+K reaching every screen and action, owners by name everywhere, Esc asking before it
 * throws typing away, and a history written in words — in English and in Chinese.
 */

test("the 360 page links its orders, deals and quotes to their pages, with statuses in words, in both languages", async ({
  a,
  ada,
}) => {
  await ada.accounts.create({ Name: "Globex" });
  const accountId = a.url().split("/").pop()!;
  await ada.device.create("opportunities", {
    name: "Globex expansion",
    accountId,
    stage: "qualification",
    amount: 5000,
  });
  await ada.device.create("quotes", { number: "Q-00042", accountId, status: "accepted", lines: [] });
  await ada.device.create("orders", { number: "O-00007", accountId, status: "shipped", lines: [] });

  const quotes = a.getByRole("region", { name: /^Quotes/ });
  const orders = a.getByRole("region", { name: /^Orders/ });
  const deals = a.getByRole("region", { name: /^Opportunities/ });
  await expect(quotes.getByRole("listitem")).toContainText("Accepted");
  await expect(quotes.getByRole("listitem")).not.toContainText("accepted");
  await expect(orders.getByRole("listitem")).toContainText("Shipped");
  await expect(deals.getByRole("listitem")).toContainText("Qualification");

  await quotes.getByRole("link", { name: "Q-00042" }).click();
  await expect(a).toHaveURL(/\/quotes\/[^/]+$/);
  await expect(a.getByRole("heading", { level: 1 })).toContainText("Q-00042");
  await a.goBack();
  await orders.getByRole("link", { name: "O-00007" }).click();
  await expect(a.getByRole("heading", { level: 1, name: "O-00007" })).toBeVisible();
  await a.goBack();
  await deals.getByRole("link", { name: "Globex expansion" }).click();
  await expect(a.getByRole("heading", { level: 1, name: "Globex expansion" })).toBeVisible();
  await a.goBack();

  await ada.shell.setLanguage("zh");
  const zhQuotes = a.getByRole("region", { name: /^报价/ });
  await expect(zhQuotes.getByRole("listitem")).toContainText("已接受");
  await expect(a.getByRole("region", { name: /^订单/ }).getByRole("listitem")).toContainText("已发货");
  await expect(a.getByRole("region", { name: /^商机/ }).getByRole("listitem")).toContainText("需求确认");
});

test("Ctrl+K finds and opens every screen and action, in English and in Chinese", async ({ a, ada }) => {
  await ada.palette.go("Price book", "Price book");
  await expect(a).toHaveURL(/\/products$/);
  await ada.palette.go("Trash", "Trash");
  await expect(a).toHaveURL(/\/data\/trash$/);
  await ada.palette.go("lead scoring", /Lead scoring.*Settings/);
  await expect(a).toHaveURL(/\/settings\/scoring$/);
  await ada.palette.go("duplicates", "Duplicates");
  await expect(a).toHaveURL(/\/data\/duplicates$/);
  await ada.palette.go("New account", "New account");
  await expect(a.getByRole("heading", { level: 1, name: "New account" })).toBeVisible();
  await a.keyboard.press("Escape"); // untouched: leaves at once
  await expect(a).toHaveURL(/\/accounts$/);
  await ada.palette.go("SQL", "SQL console");
  await expect(a).toHaveURL(/\/analytics\/sql$/);

  await ada.accounts.goto();
  await ada.shell.setLanguage("zh");
  await ada.palette.go("价格表", "价格表");
  await expect(a).toHaveURL(/\/products$/);
  await ada.palette.go("回收站", "回收站");
  await expect(a).toHaveURL(/\/data\/trash$/);
  await ada.palette.go("SLA", /SLA 与升级.*设置/);
  await expect(a).toHaveURL(/\/settings\/sla$/);
  await ada.palette.go("新建客户", "新建客户");
  await expect(a.getByRole("heading", { level: 1, name: "新建客户" })).toBeVisible();
  await a.keyboard.press("Escape");
  await ada.palette.go("SQL 控制台", "SQL 控制台");
  await expect(a).toHaveURL(/\/analytics\/sql$/);
});

test("owners and assignees read as names on lists and pages; demo people as “Dana (demo)”", async ({ a, ada, bo }) => {
  const boId = await bo.device.myId();
  await ada.accounts.create({ Name: "Initech" });
  const accountId = a.url().split("/").pop()!;
  const create = (collection: string, record: object) => ada.device.create(collection, record);
  await create("leads", { firstName: "Pat", lastName: "Demo", owner: "demo-dana" });
  await create("leads", { firstName: "Sam", lastName: "Team", owner: boId });
  await create("opportunities", { name: "Initech renewal", accountId, stage: "proposal", owner: "demo-dana" });
  await create("opportunities", { name: "Initech upsell", accountId, stage: "proposal", owner: boId });
  await create("cases", { subject: "Printer on fire", accountId, assignee: "demo-dana" });
  await create("activities", { kind: "call", subject: "Call Bill", accountId, owner: "demo-dana" });

  const noIds = async () => {
    await expect(a.getByText("demo-dana")).toHaveCount(0);
    await expect(a.getByText(boId, { exact: false })).toHaveCount(0);
  };
  const row = (name: string) => a.getByRole("listitem").filter({ hasText: name });

  // Leads: list and page.
  await a.goto(a.url().replace(/\/accounts\/.*/, "/leads"));
  await expect(row("Pat Demo")).toContainText("Dana (demo)");
  await expect(row("Sam Team")).toContainText("Bo Editor");
  await noIds();
  await a.getByRole("link", { name: "Pat Demo" }).click();
  await expect(ada.record.details).toContainText("Dana (demo)");
  await expect(ada.record.details.locator(".person-demo")).toHaveAttribute("title", /demo data/);

  // Deals: the board's cards, the list, the page.
  await ada.sales.tabs.getByRole("link", { name: "Pipeline" }).click();
  await expect(a.locator("[data-card]").filter({ hasText: "Initech renewal" })).toContainText("Dana (demo)");
  await expect(a.locator("[data-card]").filter({ hasText: "Initech upsell" })).toContainText("Bo Editor");
  await noIds();
  await a.getByRole("button", { name: "List", exact: true }).click();
  await expect(row("Initech upsell")).toContainText("Bo Editor");
  await a.getByRole("link", { name: "Initech renewal" }).click();
  await expect(ada.record.details).toContainText("Dana (demo)");

  // Cases and activities.
  await ada.shell.goTo("Cases");
  await expect(row("Printer on fire")).toContainText("Dana (demo)");
  await noIds();
  await a.getByRole("link", { name: "Printer on fire" }).click();
  await expect(ada.record.details).toContainText("Dana (demo)");
  await ada.shell.goTo("Activities");
  await expect(row("Call Bill")).toContainText("Dana (demo)");
  await a.getByRole("link", { name: "Call Bill" }).click();
  await expect(ada.record.details).toContainText("Dana (demo)");
  await noIds();

  // The filter bar chooses owners by name and says whom it filters on.
  await ada.sales.goto("Leads");
  await a.getByRole("button", { name: "+ Add filter" }).click();
  const dialog = a.getByRole("dialog", { name: "Add a filter" });
  await dialog.getByLabel("Field").selectOption({ label: "Owner" });
  await dialog.getByLabel("Value").selectOption({ label: "Bo Editor" });
  await dialog.getByRole("button", { name: "Add" }).click();
  await expect(a.getByRole("list", { name: "Filters" })).toContainText("Owner is Bo Editor");
  await expect(a.getByRole("list", { name: "Leads" }).getByRole("listitem")).toHaveCount(1);
  await expect(row("Sam Team")).toBeVisible();

  await ada.shell.setLanguage("zh");
  await a.getByRole("button", { name: /移除筛选|Remove filter/ }).click();
  await expect(row("Pat Demo")).toContainText("Dana（演示）");
});

test("a deal made by converting a lead belongs to the person who converted it", async ({ a, ada }) => {
  await ada.sales.goto("Leads");
  await a.getByRole("button", { name: "New lead" }).click();
  await ada.form.fill({ "First name": "Lena", "Last name": "Lumbergh", Company: "Initrode" });
  await ada.form.select("Owner", "Bo Editor");
  await ada.form.save();
  await expect(ada.record.details).toContainText("Bo Editor");

  await a.getByRole("button", { name: "Convert", exact: true }).click();
  await ada.form.fill({ Amount: "1200" });
  await a.getByRole("button", { name: "Convert lead" }).click();
  await expect(ada.record.heading("Initrode – new deal")).toBeVisible();
  await expect(ada.record.details).toContainText("Ada Owner (you)");
  await expect(ada.record.details).not.toContainText("Bo Editor");
});

test("the account owner is picked from the workspace's people", async ({ a, ada }) => {
  await ada.accounts.goto();
  await ada.accounts.newButton.click();
  const owner = a.getByRole("combobox", { name: "Owner" });
  // A new account is its maker's until someone else is chosen.
  await expect(owner.locator("option:checked")).toHaveText("Ada Owner (you)");
  await expect(owner.locator("option")).toHaveText(["Nobody", "Ada Owner (you)", "Bo Editor"]);
  await ada.form.fill({ Name: "Umbrella" });
  await owner.selectOption({ label: "Bo Editor" });
  await ada.form.save();
  await expect(ada.record.heading("Umbrella")).toBeVisible();
  await expect(ada.record.details).toContainText("Bo Editor");
  await ada.accounts.goto();
  await expect(a.getByRole("listitem").filter({ hasText: "Umbrella" })).toContainText("Bo Editor");
  await a.getByRole("link", { name: "Umbrella" }).click();
  await ada.record.edit();
  await expect(a.getByRole("combobox", { name: "Owner" }).locator("option:checked")).toHaveText("Bo Editor");
});

test("Esc on a form with changes asks first: Keep editing keeps them, Discard leaves; an untouched form leaves at once", async ({
  a,
  ada,
}) => {
  await ada.accounts.create({ Name: "Hooli", Industry: "Tech" });
  await ada.record.edit();
  const name = ada.form.field("Name");
  await name.fill("Hooli XYZ");
  await a.keyboard.press("Escape");
  const dialog = ada.form.discardDialog;
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Keep editing" })).toBeFocused();
  await a.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(name).toHaveValue("Hooli XYZ");
  await expect(name).toBeFocused();
  await expect(ada.record.heading("Edit account")).toBeVisible();

  // Esc inside the question is "keep editing" too.
  await a.keyboard.press("Escape");
  await expect(dialog).toBeVisible();
  await a.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(name).toHaveValue("Hooli XYZ");

  await a.keyboard.press("Escape");
  await dialog.getByRole("button", { name: "Discard" }).click();
  await expect(ada.record.heading("Hooli")).toBeVisible();
  await expect(a.getByText("Hooli XYZ")).toHaveCount(0);

  // Untouched (or changed back): no question.
  await ada.record.edit();
  await name.fill("Hooli 2");
  await name.fill("Hooli");
  await a.keyboard.press("Escape");
  await expect(ada.record.heading("Hooli")).toBeVisible();

  // The quote form and the Chinese words.
  await ada.shell.setLanguage("zh");
  await a.goto(a.url().replace(/\/accounts\/.*/, "/quotes/new"));
  await expect(ada.record.heading("新建报价")).toBeVisible();
  await a.getByRole("combobox", { name: "客户" }).fill("Hoo");
  await a.getByRole("option", { name: "Hooli" }).click();
  await a.keyboard.press("Escape");
  const zh = a.getByRole("dialog", { name: "放弃你的更改？" });
  await expect(zh.getByRole("button", { name: "继续编辑" })).toBeFocused();
  await zh.getByRole("button", { name: "放弃" }).click();
  await expect(a).toHaveURL(/\/quotes$/);
});

test("history shows stages, people, money and dates as words, in English and in Chinese", async ({ a, ada }) => {
  await ada.accounts.create({ Name: "Vandelay" });
  const accountId = a.url().split("/").pop()!;
  const id = await ada.device.create("opportunities", {
    name: "Vandelay latex",
    accountId,
    stage: "qualification",
    probability: 25,
    amount: 5000,
    closeDate: "2031-03-14",
    owner: await ada.device.myId(),
  });
  await a.goto(a.url().replace(/\/accounts\/.*/, `/opportunities/${id}`));
  await ada.record.edit();
  await ada.form.select("Stage", "Won");
  await ada.form.fill({ Amount: "7500" });
  await ada.form.select("Owner", "Bo Editor");
  await ada.form.save();
  await expect(a.getByTestId("opp-stage")).toHaveText("Won");

  await ada.record.openHistory();
  const rows = ada.record.history.getByRole("row");
  await expect(rows).toHaveCount(3);
  const change = rows.nth(1);
  await expect(change).toContainText("Stage: Qualification → Won");
  await expect(change).toContainText("Amount: €5,000.00 → €7,500.00");
  await expect(change).toContainText("Probability (%): 25% → 100%");
  await expect(change).toContainText("Owner: Ada Owner (you) → Bo Editor");
  await expect(change).toContainText(/Won: \(empty\) → \w{3} \d{1,2}, \d{4}/);
  const created = rows.nth(2);
  await expect(created).toContainText("Created");
  await expect(created).toContainText("Account: Vandelay");
  await expect(created).toContainText("Expected close date: Mar 14, 2031");
  await expect(ada.record.history).not.toContainText(accountId);

  await ada.shell.setLanguage("zh");
  const zhRows = a.getByRole("table", { name: "字段历史" }).getByRole("row");
  await expect(zhRows.nth(1)).toContainText("阶段: 需求确认 → 赢单");
  await expect(zhRows.nth(1)).toContainText("负责人: Ada Owner（你） → Bo Editor");
  await expect(zhRows.nth(2)).toContainText("预计成交日期: 2031年3月14日");
});
