import { expect, test } from "./fixtures.js";

const SHOTS = "test-results/rules";

/*
 * Workflow rules: an admin builds a rule in Settings → Rules with the keyboard (each control is
 * reached by focus and driven by keys: typing, Enter, a select's type-ahead), a record created in
 * the app fires it on the server, the effect shows up live, and the rule's run log lists the run.
 */
test("an admin builds a rule with the keyboard; creating an account fires it on the server; the run log shows it", async ({
  a,
  ada,
}) => {
  await ada.settings.open("Rules");
  await expect(a.getByRole("heading", { level: 1, name: "Workflow rules" })).toBeVisible();
  const list = a.getByRole("list", { name: "Rules" });
  // The built-ins are there, marked, on.
  await expect(list.getByText("Accepted quote wins its deal")).toBeVisible();
  await expect(list.getByRole("listitem").filter({ hasText: "Built-in" })).toHaveCount(4);

  const keys = a.keyboard;
  await a.getByRole("button", { name: "New rule" }).focus();
  await keys.press("Enter");
  const editor = a.getByRole("form", { name: "New rule" });
  await expect(editor.getByLabel("Name")).toBeFocused();
  // Saving an empty rule names what is missing, at the field.
  await editor.getByRole("button", { name: "Save rule" }).focus();
  await keys.press("Enter");
  await expect(editor.getByRole("alert")).toContainText("The rule cannot be saved");
  await expect(editor.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

  await editor.getByLabel("Name").focus();
  await keys.type("Rockets are retail");
  // Accounts, "A record is created" are the defaults. Only if: name contains "Rocket".
  await editor.getByRole("button", { name: "Add condition" }).focus();
  await keys.press("Enter");
  await editor.getByLabel("Value", { exact: true }).focus();
  await keys.type("Rocket");
  // Then: set fields of the record — Industry = Retail.
  await editor.getByLabel("Action 1", { exact: true }).focus();
  await keys.type("Set f");
  await expect(editor.getByLabel("Action 1", { exact: true })).toHaveValue("setFields");
  await editor.getByLabel("Add a value", { exact: true }).focus();
  await keys.type("Indus");
  await editor.getByRole("button", { name: "Add a value" }).focus();
  await keys.press("Enter");
  await editor.getByLabel("Value for Industry").focus();
  await keys.type("Retail");
  await expect(editor.getByLabel("Value for Industry")).toHaveValue("Retail");
  await a.screenshot({ path: `${SHOTS}/rule-editor-en.png`, fullPage: true });
  await editor.getByRole("button", { name: "Save rule" }).focus();
  await keys.press("Enter");
  await expect(a.getByRole("status").filter({ hasText: "Rule saved." })).toBeVisible();
  await expect(list.getByText("Rockets are retail")).toBeVisible();
  // Its run log: nothing yet.
  await a.getByRole("button", { name: "Run log of Rockets are retail" }).focus();
  await keys.press("Enter");
  const log = a.getByRole("region", { name: "Run log of Rockets are retail" });
  await expect(log.getByText("This rule has not run yet.")).toBeVisible();

  // In the app: an account whose name matches gets its industry from the server's rule, live.
  await ada.accounts.create({ Name: "Rocket Corp" });
  const industry = a.getByRole("region", { name: "Details" }).getByRole("definition").nth(1);
  await expect(industry).toHaveText("Retail", { timeout: 20_000 });
  await ada.accounts.create({ Name: "Plain Corp" });

  // The run log lists the run.
  await ada.settings.open("Rules");
  await a.getByRole("button", { name: "Run log of Rockets are retail" }).focus();
  await keys.press("Enter");
  await expect(log.getByRole("button", { name: "Refresh" })).toBeFocused();
  await expect(async () => {
    await log.getByRole("button", { name: "Refresh" }).click();
    await expect(log.getByRole("row")).toHaveCount(2, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(log.getByRole("row").nth(1)).toContainText("done");
  await expect(log.getByRole("row").nth(1)).toContainText('industry = "Retail"');
  // The record by its name, linked to its page (not "Accounts <id>").
  await expect(log.getByRole("row").nth(1).getByRole("cell").nth(1)).toHaveText("Rocket Corp");
  await expect(log.getByRole("row").nth(1).getByRole("link", { name: "Rocket Corp" })).toBeVisible();
  await a.screenshot({ path: `${SHOTS}/rules-en.png`, fullPage: true });

  // A built-in can be turned off and is not deletable; it can be reset.
  const quoteRule = list.getByRole("listitem").filter({ hasText: "Accepted quote wins its deal" });
  await expect(quoteRule.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  await quoteRule.getByRole("checkbox").focus();
  await keys.press("Space");
  await expect(quoteRule.getByRole("checkbox")).not.toBeChecked();
  await quoteRule.getByRole("button", { name: /^Reset/ }).focus();
  await keys.press("Enter");
  await expect(quoteRule.getByRole("checkbox")).toBeChecked();
  // A rule of one's own can be deleted.
  await a.getByRole("button", { name: "Delete Rockets are retail" }).focus();
  await keys.press("Enter");
  await expect(list.getByText("Rockets are retail")).toHaveCount(0);

  // The same screen in Chinese.
  await ada.shell.setLanguage("zh");
  await a.goto(`${new URL(a.url()).origin}/settings/rules`);
  await expect(a.getByRole("heading", { level: 1, name: "工作流规则" })).toBeVisible();
  await a.getByRole("button", { name: "新建规则" }).click();
  await expect(a.getByRole("form", { name: "新建规则" })).toBeVisible();
  await a.screenshot({ path: `${SHOTS}/rules-zh.png`, fullPage: true });
});
