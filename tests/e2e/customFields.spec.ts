import { expect, test } from "./fixtures.js";

// Custom fields and picklists, administered in Settings → Fields / Picklists. Page `a` is the
// workspace owner (an admin), `b` an editor in another browser (its own IndexedDB): what `a`
// saves reaches `b` live, through the settings document, with no reload.

const SHOTS = "/tmp/custom-fields-shots";

test("an admin adds a picklist field Tier to accounts; a teammate's open form gets it live, sets it, and the account page shows it", async ({
  a,
  b,
  ada,
  bo,
}) => {
  await bo.accounts.create({ Name: "Globex" });
  await expect(bo.saveState).toHaveText("Synced");
  await b.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(b.getByLabel("Name", { exact: true })).toHaveValue("Globex");
  await expect(b.getByLabel("Tier")).toHaveCount(0);

  await ada.settings.openSection("Fields");
  await expect(a.getByLabel("Record type")).toHaveValue("accounts");
  await expect(a.getByText("No custom fields on this record type yet.")).toBeVisible();
  // A picklist with no values is refused at the part that adds it, before anything is saved.
  const group = a.getByRole("group", { name: "Add a field" });
  await group.getByLabel("Name (English)").fill("Tier");
  await group.getByLabel("Kind").selectOption({ label: "Picklist" });
  await group.getByRole("button", { name: "Add field" }).click();
  await expect(group.getByRole("alert")).toHaveText("A picklist needs at least one value.");
  await group.getByLabel("Name (English)").fill("");
  await ada.settings.typeField({
    en: "Tier",
    zh: "等级",
    kind: "Picklist",
    values: [
      ["Gold", "金牌"],
      ["Silver", "银牌"],
      ["Bronze", "铜牌"],
    ],
  });
  await expect(a.getByLabel("English name of field 1")).toHaveValue("Tier");
  await expect(a.getByText("Stored as cfTier")).toBeVisible();
  await expect(a.getByText("Unsaved changes")).toBeVisible();
  // Nothing reaches the teammate before the explicit save.
  await expect(b.getByLabel("Tier")).toHaveCount(0);
  await ada.settings.save();

  // B's open form shows it at once; B sets it and saves.
  const tier = b.getByLabel("Tier");
  await expect(tier).toBeVisible();
  await expect(tier.locator("option")).toHaveText(["—", "Gold", "Silver", "Bronze"], { useInnerText: true });
  await tier.selectOption({ label: "Gold" });
  await b.getByRole("button", { name: "Save" }).click();
  await expect(b.getByRole("heading", { level: 1, name: "Globex" })).toBeVisible();
  await expect(bo.record.moreField("Tier")).toHaveText("Gold");
  // And A sees B's value on the account page.
  await ada.accounts.open("Globex");
  await expect(ada.record.moreField("Tier")).toHaveText("Gold");

  // The editor reads Settings → Fields but cannot change it.
  await bo.settings.openSection("Fields");
  await expect(b.getByRole("note")).toContainText("Only owners and admins change workspace settings.");
  await expect(b.getByLabel("English name of field 1")).toBeDisabled();
  await expect(b.getByRole("group", { name: "Add a field" })).toHaveCount(0);
  await expect(b.getByRole("button", { name: "Save changes" })).toHaveCount(0);
});

test("an admin renames, reorders and retires fields and edits a field's values; the teammate follows live and values are kept", async ({
  a,
  b,
  ada,
  bo,
}) => {
  await ada.settings.openSection("Fields");
  await ada.settings.typeField({
    en: "Tier",
    zh: "等级",
    kind: "Picklist",
    values: [
      ["Gold", "金牌"],
      ["Silver", "银牌"],
      ["Bronze", "铜牌"],
    ],
  });
  await ada.settings.typeField({ en: "Region", zh: "区域", kind: "Text" });
  await ada.settings.save();
  await a.screenshot({ path: `${SHOTS}/fields-en.png`, fullPage: true });

  await bo.accounts.create({ Name: "Initech" });
  await b.getByRole("link", { name: "Edit", exact: true }).click();
  await b.getByLabel("Tier").selectOption({ label: "Gold" });
  await b.getByLabel("Region").fill("EMEA");
  await b.getByRole("button", { name: "Save" }).click();
  await expect(bo.record.moreField("Region")).toHaveText("EMEA");
  await expect(bo.record.moreField("Tier")).toHaveText("Gold");

  // Rename Tier (both languages) and move Region above it, with the keyboard.
  await a.getByLabel("English name of field 1").fill("Level");
  await a.getByLabel("Chinese name of field 1").fill("级别");
  await a.getByRole("button", { name: "Move Region up" }).focus();
  await a.keyboard.press("Enter");
  await expect(a.getByLabel("English name of field 1")).toHaveValue("Region");
  // Focus follows the moved field: its "up" is now disabled, so "down" has it.
  await expect(a.getByRole("button", { name: "Move Region down" })).toBeFocused();
  await ada.settings.save();
  await expect(bo.record.moreField("Level")).toHaveText("Gold");
  await expect(b.getByRole("region", { name: "More fields" }).getByRole("term")).toHaveText(["Region", "Level"]);
  await b.getByRole("link", { name: "Edit", exact: true }).click();
  await expect.poll(() => bo.form.customLabels()).toEqual(["Region", "Level"]);
  await b.getByRole("button", { name: "Cancel" }).click();

  // Picklists: the Level field's list. Gold is used by Initech: deleting it retires it instead.
  await ada.settings.openSection("Picklists");
  await a.getByLabel("Picklist", { exact: true }).selectOption({ label: "Accounts · Level" });
  await expect(a.getByLabel("English name of value 1")).toHaveValue("Gold");
  const gold = a.locator('tr[data-value="gold"]');
  await expect(gold.locator("td.num")).toHaveText("1");
  await a.getByRole("button", { name: "Delete Gold" }).click();
  await expect(a.getByRole("alert").filter({ hasText: "1 record uses Gold" })).toContainText(
    "it is retired instead of deleted",
  );
  await expect(gold).toContainText("Retired");
  await expect(a.getByRole("button", { name: "Restore Gold" })).toBeFocused();
  // Bronze is used by nobody: deleted. Silver renamed; Platinum added with the keyboard.
  await a.getByRole("button", { name: "Delete Bronze" }).click();
  await expect(a.locator('tr[data-value="bronze"]')).toHaveCount(0);
  await a.getByLabel("English name of value 2").fill("Silver plus");
  await a.getByLabel("New value (English)").focus();
  await a.keyboard.type("Platinum");
  await a.keyboard.press("Tab");
  await a.keyboard.type("白金");
  await a.keyboard.press("Enter");
  await expect(a.getByLabel("English name of value 3")).toHaveValue("Platinum");
  await a.screenshot({ path: `${SHOTS}/picklists-en.png`, fullPage: true });
  await ada.settings.save();

  // B: Initech keeps Gold (shown by its name); a new value is offered, the retired one is not,
  // except on the record that holds it.
  await expect(bo.record.moreField("Level")).toHaveText("Gold");
  await b.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(b.getByLabel("Level").locator("option")).toHaveText(["—", "Gold", "Silver plus", "Platinum"], {
    useInnerText: true,
  });
  await b.getByRole("button", { name: "Cancel" }).click();
  await b.goto(`${new URL(b.url()).origin}/accounts/new`);
  await expect(b.getByLabel("Level").locator("option")).toHaveText(["—", "Silver plus", "Platinum"], {
    useInnerText: true,
  });

  // Retire Region: hidden from B's page and form; its value is kept, and comes back on restore.
  await bo.accounts.open("Initech");
  await ada.settings.openSection("Fields");
  await a.getByRole("button", { name: "Retire Region" }).click();
  await expect(a.getByRole("button", { name: "Restore Region" })).toBeFocused();
  await ada.settings.save();
  await expect(b.getByRole("region", { name: "More fields" }).getByRole("term")).toHaveText(["Level"]);
  await b.getByRole("link", { name: "Edit", exact: true }).click();
  await expect.poll(() => bo.form.customLabels()).toEqual(["Level"]);
  await b.getByRole("button", { name: "Cancel" }).click();
  await a.getByRole("button", { name: "Restore Region" }).click();
  await ada.settings.save();
  await expect(bo.record.moreField("Region")).toHaveText("EMEA");
});
