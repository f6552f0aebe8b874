import { expect, test } from "./fixtures.js";

test("an account A creates appears for B without a reload within 2 s", async ({ ada, bo }) => {
  await expect(bo.saveState).toHaveText("Synced");
  await ada.accounts.create({ Name: "Northwind Traders", Industry: "Retail", Email: "hello@northwind.example" });
  await expect(bo.accounts.link("Northwind Traders")).toBeVisible({ timeout: 2_000 });
  await expect(ada.saveState).toHaveText("Synced");
});

test("contacts A imports from a CSV appear for B, and A says Synced", async ({ a, b, ada, bo }) => {
  // An import writes into shard documents A never decodes (LocalStore.createMany); they must sync.
  await expect(bo.saveState).toHaveText("Synced");
  await ada.data.goto();
  await ada.data.chooseFile(
    "Contacts",
    "team.csv",
    "First name,Last name,Email\nIris,Imported,iris@import.example\nOtto,Imported,otto@import.example\n",
  );
  await ada.data.importButton("2 rows").click();
  await expect(a.getByText("2 imported · 0 rows with problems")).toBeVisible();
  await bo.contacts.goto();
  await expect(b.getByRole("link", { name: /Iris Imported/ })).toBeVisible({ timeout: 5_000 });
  await expect(b.getByRole("link", { name: /Otto Imported/ })).toBeVisible();
  await expect(ada.saveState).toHaveText("Synced");
});

test("A and B type into the same notes at once; both keep both texts and see each other's caret", async ({
  a,
  b,
  ada,
  bo,
  team,
}) => {
  await ada.accounts.create({ Name: "Contoso" });
  await bo.accounts.open("Contoso");
  const editorA = ada.record.notes;
  const editorB = bo.record.notes;
  await editorA.click();
  await editorB.click();
  // Both people typing at the same moment.
  await Promise.all([
    a.keyboard.type("Alpha from A. ", { delay: 15 }),
    b.keyboard.type("Bravo from B. ", { delay: 15 }),
  ]);
  for (const editor of [editorA, editorB]) {
    await expect(editor).toContainText("Alpha from A.");
    await expect(editor).toContainText("Bravo from B.");
  }
  await expect.poll(() => ada.record.noteText()).toBe(await bo.record.noteText());
  // Carets and presence carry the names people signed in with.
  await expect(a.locator(".collaboration-carets__label", { hasText: team.editor.name })).toBeVisible();
  await expect(b.locator(".collaboration-carets__label", { hasText: team.owner.name })).toBeVisible();
  await expect(a.getByRole("list", { name: new RegExp(`Also here: ${team.editor.name}`) })).toBeVisible();
});

test("offline: A reloads from the service worker, works, and everything syncs when the server returns", async ({
  a,
  b,
  ada,
  bo,
  server,
}) => {
  await ada.accounts.create({ Name: "Initech" });
  await expect(ada.saveState).toHaveText("Synced");
  await expect(bo.accounts.link("Initech")).toBeVisible();
  await ada.device.waitForServiceWorker();

  await server.stop();
  await a.reload();
  await expect(ada.record.heading("Initech")).toBeVisible();
  await expect(ada.saveState).toHaveText("Offline");

  await ada.accounts.create({ Name: "Umbrella Corp", Phone: "+1 555 0100" });
  await ada.accounts.open("Initech");
  await ada.accounts.editOpen({ Website: "initech.example" });
  await expect(a.getByRole("link", { name: "initech.example" })).toBeVisible();
  await expect(ada.saveState).toHaveText("Offline");

  await server.start();
  await expect(ada.saveState).toHaveText("Synced", { timeout: 15_000 });
  await expect(bo.accounts.link("Umbrella Corp")).toBeVisible({ timeout: 15_000 });
  await bo.accounts.open("Initech");
  await expect(b.getByRole("link", { name: "initech.example" })).toBeVisible();
});

test("A and B edit different fields of one account while disconnected; both edits survive on both", async ({
  ada,
  bo,
  server,
}) => {
  await ada.accounts.create({ Name: "Globex", Phone: "+49 30 1111111", Industry: "Energy" });
  await expect(bo.accounts.link("Globex")).toBeVisible();
  await expect(bo.saveState).toHaveText("Synced");
  await ada.accounts.open("Globex");
  await bo.accounts.open("Globex");

  await server.stop();
  await expect(ada.saveState).toHaveText("Offline");
  await expect(bo.saveState).toHaveText("Offline");
  await ada.accounts.editOpen({ Industry: "Manufacturing" });
  await bo.accounts.editOpen({ Phone: "+49 30 2222222" });

  await server.start();
  for (const p of [ada, bo]) {
    await expect(p.saveState).toHaveText("Synced", { timeout: 15_000 });
    await expect(p.page.getByText("Manufacturing")).toBeVisible();
    await expect(p.page.getByRole("link", { name: "+49 30 2222222" })).toBeVisible();
  }
});

test("an invalid email and an empty name are shown at the field and nothing is stored", async ({ a, ada }) => {
  await ada.accounts.newButton.click();
  await ada.form.fill({ Email: "not-an-email" });
  await ada.form.save();
  const name = ada.form.field("Name");
  const email = ada.form.field("Email");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription("This field is required.");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("Enter an email address like name@example.com.");
  await expect(name).toBeFocused();
  await ada.form.cancelButton.click();
  await expect(a.getByRole("heading", { name: "No accounts yet" })).toBeVisible();
  expect(await ada.device.count("accounts")).toBe(0);
});

test("switching to 简体中文 shows Chinese labels and survives a reload", async ({ a, ada }) => {
  await ada.shell.setLanguage("zh");
  await expect(a.getByRole("link", { name: "客户", exact: true })).toBeVisible();
  await expect(a.getByRole("button", { name: "新建客户" })).toBeVisible();
  await a.reload();
  await expect(a.getByRole("link", { name: "联系人", exact: true })).toBeVisible();
  await expect(a.getByRole("status").filter({ hasText: "已同步" })).toBeVisible();
  await a.getByRole("button", { name: "新建客户" }).click();
  await expect(a.getByLabel("名称", { exact: true })).toBeVisible();
  await a.getByRole("combobox", { name: "语言" }).selectOption("en");
  await expect(a.getByLabel("Name", { exact: true })).toBeVisible();
});

test("a teammate's live edit of another field, made while I edit, survives my save", async ({ a, b, ada, bo }) => {
  await ada.accounts.create({ Name: "Hooli", Phone: "+1 650 000 0001", Industry: "Media" });
  await bo.accounts.open("Hooli");
  await ada.record.edit();
  await ada.form.fill({ Industry: "Software" });

  await bo.accounts.editOpen({ Phone: "+1 650 999 9999" });
  await expect(b.getByRole("link", { name: "+1 650 999 9999" })).toBeVisible();
  await expect(bo.saveState).toHaveText("Synced");

  await ada.form.save();
  for (const p of [a, b]) {
    await expect(p.getByText("Software")).toBeVisible();
    await expect(p.getByRole("link", { name: "+1 650 999 9999" })).toBeVisible();
  }
});
