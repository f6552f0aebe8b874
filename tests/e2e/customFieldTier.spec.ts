import { download, expect, ListView, test } from "./fixtures.js";

/*
 * Issue 10's acceptance, end to end in two browsers: the owner (`ada`) adds a picklist field
 * "Tier" to accounts in Settings → Fields; the teammate (`bo`, an editor with their own browser
 * and IndexedDB) sees it live on a form already open, sets it, shows it as a column, filters and
 * groups the list by it, imports a CSV with a "Tier" column, exports it, and asks the SQL console
 * `SELECT tier, count(*) FROM accounts GROUP BY 1`. Nothing is reloaded on either side.
 */

const tiersCsv = "Name,Website,Tier\r\nInitech,initech.example,Silver\r\nUmbrella,umbrella.example,金牌\r\n";

test("an admin adds Tier to accounts; a teammate sets it, filters and groups by it, imports, exports and queries it", async ({
  ada,
  bo,
}) => {
  // The teammate is editing an account before the field exists.
  await bo.accounts.create({ Name: "Globex" });
  await expect(bo.saveState).toHaveText("Synced");
  await bo.record.edit();
  await expect(bo.page.getByLabel("Name", { exact: true })).toHaveValue("Globex");
  await expect(bo.page.getByLabel("Tier")).toHaveCount(0);

  await ada.settings.addPicklistField("accounts", { en: "Tier", zh: "等级" }, [
    ["Gold", "金牌"],
    ["Silver", "银牌"],
  ]);

  // Live on the open form; set, saved, shown on the page.
  const tier = bo.page.getByLabel("Tier");
  await expect(tier).toBeVisible();
  await tier.selectOption({ label: "Gold" });
  await bo.form.save();
  await expect(bo.record.heading("Globex")).toBeVisible();
  await expect(bo.page.getByRole("region", { name: "More fields" })).toContainText("Gold");

  // An import with a "Tier" column: mapped to the field by its name, values read by their names
  // in either language.
  await bo.data.goto();
  await bo.data.chooseFile("Accounts", "tiers.csv", tiersCsv);
  await expect(bo.page.getByLabel("Field for column Tier")).toHaveValue("cfTier");
  await bo.data.importButton("2 rows").click();
  await expect(bo.page.getByText("2 imported · 0 rows with problems")).toBeVisible({ timeout: 30_000 });

  // The list: Tier as a column, a filter on it, then grouped by it.
  await bo.accounts.goto();
  const list = new ListView(bo.page, "Accounts");
  await expect(list.rows).toHaveCount(3);
  await list.toggleColumn("Tier");
  await expect.poll(() => list.headers()).toContain("Tier");
  await expect(list.row("Initech")).toContainText("Silver");
  await list.addFilter("Tier", "is", "Gold");
  await expect(list.rows).toHaveCount(2);
  await expect(list.row("Initech")).toHaveCount(0);
  await list.removeFilter("Tier is Gold");
  await expect(list.rows).toHaveCount(3);
  await list.groupBy.selectOption({ label: "Tier" });
  await expect.poll(() => list.lines()).toEqual(["Gold 2", "Globex", "Umbrella", "Silver 1", "Initech"]);

  // The export titles the column as a person reads it and writes each value's name.
  const { text } = await download(bo.page.getByRole("button", { name: "Export CSV" }));
  const [header, ...lines] = text
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .filter((l) => l !== "");
  const titles = header!.split(",");
  const at = { name: titles.indexOf("Name"), tier: titles.indexOf("Tier") };
  expect(at.tier).toBeGreaterThan(0);
  const exported = Object.fromEntries(lines.map((l) => l.split(",")).map((cells) => [cells[at.name], cells[at.tier]]));
  expect(exported).toEqual({ Globex: "Gold", Initech: "Silver", Umbrella: "Gold" });

  // The SQL console has the field as a column of accounts (stored values).
  await bo.sql.open();
  await bo.sql.run("SELECT tier, count(*) FROM accounts GROUP BY 1 ORDER BY 1");
  await expect(bo.sql.result.getByRole("row", { name: "gold 2" })).toBeVisible({ timeout: 30_000 });
  await expect(bo.sql.result.getByRole("row", { name: "silver 1" })).toBeVisible();
  await expect(bo.sql.result.getByRole("row")).toHaveCount(3);

  // And the owner, who never reloaded either, sees the teammate's value.
  await ada.accounts.open("Globex");
  await expect(ada.page.getByRole("region", { name: "More fields" })).toContainText("Gold");
});
