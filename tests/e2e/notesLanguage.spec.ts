import { expect, test } from "./fixtures.js";

/*
 * The notes editor is built once per record page; switching the interface language live must
 * still change what its empty state says.
 */

test("the empty notes' placeholder follows a live language switch", async ({ a, ada }) => {
  await ada.shell.setLanguage("en");
  const record = await ada.accounts.create({ Name: "Placeholder Ltd" });
  await expect(record.notes).toHaveAttribute("data-placeholder", /^Write notes for the team/);
  await ada.shell.setLanguage("zh");
  const notes = a.getByRole("textbox", { name: "备注" });
  await expect(notes).toHaveAttribute("data-placeholder", /^为团队写备注/);
  await ada.shell.setLanguage("en");
  await expect(record.notes).toHaveAttribute("data-placeholder", /^Write notes for the team/);
});
