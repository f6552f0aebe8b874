import { type App, expect, SettingsPage, test } from "./fixtures.js";

// Workspace settings: currency, pipeline stages, lead scoring, SLA; and escalation app-wide.
// Page `a` is the owner, `b` an editor (read-only for settings) in the same workspace.

const SHOTS = "/tmp/settings-shots";

/** A deal worth 5,000 for a new account of that name. */
async function newDeal(app: App, name: string, account: string) {
  await app.accounts.create({ Name: account });
  await app.sales.createDeal(name, account);
}

test("an admin adds, renames and orders stages; the editor's board follows live and their settings are read-only", async ({
  a,
  b,
  ada,
  bo,
}) => {
  // B watches the pipeline board (it draws columns once there is a deal) while A edits the stages.
  await newDeal(ada, "Turbine order", "Initech");
  await bo.sales.goto();
  await expect(bo.sales.boardColumns).toHaveText([
    "Prospecting",
    "Qualification",
    "Proposal",
    "Negotiation",
    "Won",
    "Lost",
  ]);

  await ada.settings.open("Pipeline stages");
  await expect(a.getByRole("heading", { level: 1, name: "Pipeline stages" })).toBeVisible();
  // Rename the shipped "Negotiation" (stage 4), then add a new "Negotiation" at 60 % after Qualification.
  await a.getByLabel("Name of stage 4").fill("Contract review");
  await a.getByRole("button", { name: "Add stage" }).click();
  // The new stage comes after the last open stage, its name field focused.
  await expect(a.getByLabel("Name of stage 5")).toBeFocused();
  await a.keyboard.type("Negotiation");
  await a.getByLabel("Probability of Negotiation (%)").fill("60");
  await a.getByRole("button", { name: "Move Negotiation up" }).click();
  await a.getByRole("button", { name: "Move Negotiation up" }).click();
  await expect
    .poll(() => ada.settings.stageNames())
    .toEqual(["Prospecting", "Qualification", "Negotiation", "Proposal", "Contract review", "Won", "Lost"]);
  await expect(a.getByText("Unsaved changes")).toBeVisible();
  // Leaving with unsaved changes keeps the draft for this tab: it is there on coming back.
  await ada.settings.section("Lead scoring");
  await expect(a.getByRole("heading", { level: 1, name: "Lead scoring" })).toBeVisible();
  await ada.settings.section("Pipeline stages");
  await expect(a.getByText("Unsaved changes")).toBeVisible();
  await expect
    .poll(() => ada.settings.stageNames())
    .toEqual(["Prospecting", "Qualification", "Negotiation", "Proposal", "Contract review", "Won", "Lost"]);
  // Nothing reaches B before the explicit save.
  await expect(bo.sales.boardColumns).toHaveCount(6);
  await ada.settings.save();
  await expect(bo.sales.boardColumns).toHaveText([
    "Prospecting",
    "Qualification",
    "Negotiation",
    "Proposal",
    "Contract review",
    "Won",
    "Lost",
  ]);
  // The new stage's probability is what a deal entering it gets: shown on A's board header order too.
  await ada.sales.goto();
  await expect(ada.sales.boardColumns).toHaveText([
    "Prospecting",
    "Qualification",
    "Negotiation",
    "Proposal",
    "Contract review",
    "Won",
    "Lost",
  ]);
  // The board links admins (only) to the stages.
  await expect(b.getByRole("link", { name: "Edit stages" })).toHaveCount(0);
  await a.getByRole("link", { name: "Edit stages" }).click();
  await expect(a.getByLabel("Name of stage 3")).toHaveValue("Negotiation");

  // B (an editor) sees the settings, read-only, and why.
  await bo.settings.open("Pipeline stages");
  await expect(
    b.getByRole("note").filter({ hasText: "Only owners and admins change workspace settings." }),
  ).toBeVisible();
  await expect(b.getByLabel("Name of stage 3")).toHaveValue("Negotiation");
  await expect(b.getByLabel("Name of stage 3")).toBeDisabled();
  await expect(b.getByRole("button", { name: "Move Negotiation up" })).toHaveCount(0);
  await expect(b.getByRole("button", { name: "Add stage" })).toHaveCount(0);
  await expect(b.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await b.screenshot({ path: `${SHOTS}/readonly-en.png`, fullPage: true });
  await bo.settings.section("Currency");
  await expect(b.getByLabel("Workspace currency")).toBeDisabled();
  // The command palette knows the screen too.
  await bo.accounts.goto();
  await b.keyboard.press("Control+k");
  await b.keyboard.type("settings");
  // The screen first; its sections (Currency, Pipeline stages, …) follow.
  await expect(b.getByRole("option", { name: "Settings Screen", exact: true })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(b.getByRole("option", { name: "Lead scoring Settings" })).toBeVisible();
  await b.keyboard.press("Enter");
  await expect(b).toHaveURL(/\/settings\/general$/);
});

test("a stage that deals are in cannot be deleted, nor the last won stage; bad values are refused at the row", async ({
  a,
  ada,
}) => {
  await newDeal(ada, "Rocket fuel", "Hooli");
  await newDeal(ada, "Launch pad", "Globex");
  await ada.settings.open("Pipeline stages");
  const prospecting = a.locator('.stages-table tr[data-key="prospecting"]');
  await expect(prospecting.locator("td").nth(4)).toHaveText("2");
  await a.getByRole("button", { name: "Delete Prospecting" }).click();
  await expect(prospecting.getByRole("alert")).toHaveText(
    "2 deals are in this stage. Move them to another stage first.",
  );
  await expect.poll(() => ada.settings.stageNames()).toContain("Prospecting");
  await a.screenshot({ path: `${SHOTS}/delete-refused-en.png`, fullPage: true });
  await a.getByRole("button", { name: "Delete Won" }).click();
  await expect(a.getByText("This is the only won stage.", { exact: false })).toBeVisible();
  // An empty stage goes; a probability over 100 is refused at its field, nothing saved.
  await a.getByRole("button", { name: "Delete Qualification" }).click();
  await expect.poll(() => ada.settings.stageNames()).toEqual(["Prospecting", "Proposal", "Negotiation", "Won", "Lost"]);
  await a.getByLabel("Probability of Proposal (%)").fill("120");
  await ada.settings.saveButton.click();
  await expect(a.getByText("This number is outside the allowed range.")).toBeVisible();
  await expect(a.getByLabel("Probability of Proposal (%)")).toHaveAttribute("aria-invalid", "true");
  await expect(a.getByLabel("Probability of Proposal (%)")).toBeFocused();
  // Turning the only lost stage into a won one leaves no lost stage: said at the table.
  await a.getByLabel("Probability of Proposal (%)").fill("50");
  await a.getByLabel("Kind of Lost").selectOption({ label: "Won" });
  await ada.settings.saveButton.click();
  await expect(a.getByText("A pipeline needs at least one open, one won and one lost stage.")).toBeVisible();
  // Discard brings back what is saved.
  await a.getByRole("button", { name: "Discard" }).click();
  await expect
    .poll(() => ada.settings.stageNames())
    .toEqual(["Prospecting", "Qualification", "Proposal", "Negotiation", "Won", "Lost"]);
  await expect(a.getByText("A pipeline needs at least one open")).toHaveCount(0);
});

test("stages reorder with the keyboard alone (and by dragging a handle)", async ({ a, ada }) => {
  await newDeal(ada, "Spare parts", "Initech");
  await ada.settings.open("Pipeline stages");
  // From the Proposal row's name field: Tab to its "move up" button (past probability and kind).
  await a.getByLabel("Name of stage 3").focus();
  await a.keyboard.press("Tab");
  await a.keyboard.press("Tab");
  await a.keyboard.press("Tab");
  await expect(a.getByRole("button", { name: "Move Proposal up" })).toBeFocused();
  await a.keyboard.press("Enter");
  await a.keyboard.press("Enter");
  // The stage reached the top: focus moved to its still-usable "move down" twin.
  await expect(a.getByRole("button", { name: "Move Proposal down" })).toBeFocused();
  await expect(a.getByRole("status").filter({ hasText: "Proposal is now stage 1 of 6." })).toBeAttached();
  await a.keyboard.press("Space");
  await expect(a.getByRole("button", { name: "Move Proposal down" })).toBeFocused();
  await expect
    .poll(() => ada.settings.stageNames())
    .toEqual(["Prospecting", "Proposal", "Qualification", "Negotiation", "Won", "Lost"]);
  // The mouse can drag a stage by its handle too: Negotiation dropped on Proposal's row takes its place.
  await a.locator('tr[data-key="negotiation"] .drag-handle').dragTo(a.locator('tr[data-key="proposal"]'));
  await expect
    .poll(() => ada.settings.stageNames())
    .toEqual(["Prospecting", "Negotiation", "Proposal", "Qualification", "Won", "Lost"]);
  await a.locator('tr[data-key="negotiation"] .drag-handle').dragTo(a.locator('tr[data-key="qualification"]'));
  // Enter in a text field saves the section.
  await a.getByLabel("Name of stage 1").focus();
  await a.keyboard.press("Enter");
  await expect(ada.settings.saved).toBeVisible();
  await ada.sales.goto();
  await expect(ada.sales.boardColumns).toHaveText([
    "Prospecting",
    "Proposal",
    "Qualification",
    "Negotiation",
    "Won",
    "Lost",
  ]);
});

test("a scoring rule changes a lead's score on the leads list; a bad rule is refused at its row", async ({
  a,
  ada,
}) => {
  await ada.sales.goto("Leads");
  await a.getByRole("button", { name: /lead/i }).first().click();
  await ada.form.fill({ "First name": "Vera", "Last name": "Vice", "Job title": "VP Sales" });
  await ada.form.save();
  await expect(ada.record.heading("Vera Vice")).toBeVisible();

  await ada.settings.open("Lead scoring");
  const preview = a.getByRole("region", { name: "Preview on this device's leads" });
  await expect(preview.getByText("1 lead · 0 would change score")).toBeVisible();
  await a.getByRole("button", { name: "Add rule" }).click();
  // The new rule is rule 8 (seven ship by default); its field select has focus.
  await expect(a.getByLabel("Field of rule 8")).toBeFocused();
  await a.getByLabel("Condition of rule 8").selectOption({ label: "is more than" });
  await a.getByLabel("Value of rule 8").fill("vp");
  await a.getByLabel("Points of rule 8").fill("30");
  await ada.settings.saveButton.click();
  await expect(a.getByText("Enter a number, like 1200 or 1200.50.")).toBeVisible();
  await expect(a.getByLabel("Value of rule 8")).toHaveAttribute("aria-invalid", "true");
  await a.screenshot({ path: `${SHOTS}/scoring-error-en.png`, fullPage: true });
  await a.getByLabel("Condition of rule 8").selectOption({ label: "contains" });
  await expect(preview.getByText("1 lead · 1 would change score")).toBeVisible();
  await expect(a.getByTestId("rule-matches").nth(7)).toHaveText("1");
  await expect(a.getByTestId("rule-matches").nth(0)).toHaveText("0"); // "email is filled in": Vera has none
  await expect(preview.getByRole("row", { name: /Vera Vice/ })).toContainText("30");
  await ada.settings.save();

  await ada.sales.goto("Leads");
  await expect(a.getByRole("list", { name: "Leads" }).getByRole("listitem").first()).toContainText("30");
});

test("a section another admin saved meanwhile is not silently overwritten", async ({ a, ada }) => {
  const other = await a.context().newPage();
  await other.goto(a.url());
  await ada.settings.open("Currency");
  const theirs = new SettingsPage(other);
  await theirs.open("Currency");
  await ada.settings.currency.selectOption("USD");
  await theirs.currency.selectOption("GBP");
  await theirs.save();
  await expect(a.getByRole("alert").filter({ hasText: "Someone else changed this section" })).toBeVisible();
  await ada.settings.saveButton.click();
  await expect(ada.settings.saved).toHaveCount(0);
  await a.screenshot({ path: `${SHOTS}/conflict-en.png`, fullPage: true });
  await expect(theirs.currency).toHaveValue("GBP");
  // Discard shows theirs; the section then follows the document again.
  await a.getByRole("button", { name: "Discard" }).first().click();
  await expect(ada.settings.currency).toHaveValue("GBP");
  await expect(a.getByRole("alert")).toHaveCount(0);
  await other.close();
});

test("the server escalates a case while the person is on the accounts page", async ({ a, b, ada, team }) => {
  await ada.settings.open("SLA and escalation");
  await a.getByLabel("First response for Normal (minutes)").fill("1");
  await a.getByLabel("Escalate when").selectOption({ label: "a target is breached" });
  await ada.settings.saveButton.click();
  await expect(a.getByRole("status").filter({ hasText: "SLA settings saved." })).toBeVisible();

  await ada.shell.goTo("Cases");
  await a.getByRole("button", { name: "New case" }).first().click();
  await a.getByLabel("Subject").fill("Coolant leak");
  await ada.form.save();
  await expect(ada.record.heading("Coolant leak")).toBeVisible();
  const caseUrl = a.url();
  await expect(ada.saveState).toHaveText("Synced");

  // B (an editor, real clock: the case is not due for a minute there) watches the case page.
  await b.goto(caseUrl);
  await expect(b.locator(".record-head")).toContainText("Normal");

  // The case turns out to have been opened two minutes ago; A goes to the accounts list. The
  // server escalates it (no app does), and B sees it.
  await ada.cases.openedMinutesAgo(team.workspace, 2);
  await ada.accounts.goto();
  await expect(b.getByRole("note").filter({ hasText: "Escalated" })).toBeVisible({ timeout: 30_000 });
  await expect(b.locator(".record-head")).toContainText("High");
  expect(new URL(a.url()).pathname).toBe("/accounts");
});

test("screenshots of every settings section, in English and Chinese", async ({ a, ada }) => {
  for (const lang of ["en", "zh"] as const) {
    if (lang === "zh") await ada.shell.setLanguage("zh");
    await a.goto(`${new URL(a.url()).origin}/settings/general`);
    for (const section of ["general", "pipeline", "scoring", "sla"]) {
      await a.goto(`${new URL(a.url()).origin}/settings/${section}`);
      await expect(a.locator(".settings-section h1")).toBeVisible();
      await expect(a.locator(".settings-fields")).toBeVisible();
      await a.screenshot({ path: `${SHOTS}/${section}-${lang}.png`, fullPage: true });
    }
  }
});
