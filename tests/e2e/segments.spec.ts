import { expect, test } from "./fixtures.js";

/*
 * Issue 12's segments, in two browsers: the owner (`ada`) adds a picklist field "Tier" to
 * contacts, builds a segment "Tier is Gold" on Marketing → Segments by keyboard and saves it; the
 * live member count follows a teammate's (`bo`) edit of a contact made in another browser, and
 * the peer's `/api/v1/segments/{id}/members` agrees. The screen also reads in Chinese.
 */

test("a segment with a custom field condition counts its members live as contacts change", async ({
  ada,
  bo,
  server,
  team,
}) => {
  await ada.settings.addPicklistField("contacts", { en: "Tier", zh: "等级" }, [
    ["Gold", "金牌"],
    ["Silver", "银牌"],
  ]);
  await ada.contacts.create({ "Last name": "Lovelace", Email: "ada@example.org" });
  await ada.record.edit();
  await ada.page.getByLabel("Tier").selectOption({ label: "Gold" });
  await ada.form.save();
  await ada.contacts.create({ "Last name": "Babbage", Email: "charles@example.org" });
  await expect(ada.saveState).toHaveText("Synced");

  // Contacts → Segments → New segment, all by keyboard.
  await ada.shell.navLink("Contacts").press("Enter");
  await ada.page.getByRole("link", { name: "Segments" }).press("Enter");
  await expect(ada.page.getByRole("heading", { name: "Segments", level: 1 })).toBeVisible();
  await ada.page.getByRole("link", { name: "New segment" }).press("Enter");
  const name = ada.page.getByLabel("Segment name");
  await name.fill("Gold contacts");
  const count = ada.page.getByTestId("segment-count");
  await expect(count).toHaveText("2 contacts");

  await ada.page.getByRole("button", { name: "+ Add filter" }).first().press("Enter");
  const dialog = ada.page.getByRole("dialog", { name: "Add a filter" });
  await expect(dialog.getByLabel("Field")).toBeFocused();
  await dialog.getByLabel("Field").selectOption({ label: "Tier" });
  await dialog.getByLabel("Condition").selectOption({ label: "is" });
  await dialog.getByLabel("Value").selectOption({ label: "Gold" });
  await dialog.getByLabel("Value").press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(ada.page.getByRole("listitem").filter({ hasText: "Tier is Gold" })).toBeVisible();
  await expect(count).toHaveText("1 contact");
  await expect(ada.page.getByRole("table").getByRole("link", { name: "Lovelace" })).toBeVisible();

  await ada.page.getByRole("button", { name: "Save segment" }).press("Enter");
  await expect(
    ada.page.getByRole("navigation", { name: "Saved segments" }).getByRole("link", { name: "Gold contacts" }),
  ).toBeVisible();
  await expect(ada.page).toHaveURL(/\/marketing\/segments\/[a-z0-9_-]+$/);
  const segmentId = ada.page.url().split("/").pop()!;

  // A teammate, in another browser, makes Babbage Gold: the open segment counts two, unprompted.
  await bo.contacts.goto();
  await bo.page.getByRole("link", { name: "Babbage" }).click();
  await bo.record.edit();
  await bo.page.getByLabel("Tier").selectOption({ label: "Gold" });
  await bo.form.save();
  await expect(count).toHaveText("2 contacts", { timeout: 20_000 });

  // The peer evaluates the same segment to the same members.
  await expect(bo.saveState).toHaveText("Synced");
  await expect
    .poll(
      async () => {
        const res = await ada.page.request.get(`${server.url}/api/v1/segments/${segmentId}/members`, {
          headers: { "CRM-Workspace": team.workspace },
        });
        return res.status() === 200 ? ((await res.json()) as { count: number }).count : res.status();
      },
      { timeout: 20_000 },
    )
    .toBe(2);

  // Chinese: the same screen.
  await ada.shell.setLanguage("zh");
  await expect(ada.page.getByRole("heading", { name: "细分", level: 1 })).toBeVisible();
  await expect(count).toHaveText("2 位联系人");
});
