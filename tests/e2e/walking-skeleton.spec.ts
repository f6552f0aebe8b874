import type { Page } from "@playwright/test";
import { createAccount, expect, nav, openAccount, saveState, test, waitForServiceWorker } from "./fixtures.js";

test("an account A creates appears for B without a reload within 2 s", async ({ a, b }) => {
  await expect(saveState(b)).toHaveText("Synced");
  await createAccount(a, { Name: "Northwind Traders", Industry: "Retail", Email: "hello@northwind.example" });
  await expect(b.getByRole("link", { name: "Northwind Traders", exact: true })).toBeVisible({ timeout: 2_000 });
  await expect(saveState(a)).toHaveText("Synced");
});

test("contacts A imports from a CSV appear for B, and A says Synced", async ({ a, b }) => {
  // An import writes into shard documents A never decodes (LocalStore.createMany); they must sync.
  await expect(saveState(b)).toHaveText("Synced");
  await nav(a, "Data").click();
  await a.getByLabel("Record type", { exact: true }).selectOption({ label: "Contacts" });
  await a.getByLabel("CSV file", { exact: true }).setInputFiles({
    name: "team.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      "First name,Last name,Email\nIris,Imported,iris@import.example\nOtto,Imported,otto@import.example\n",
    ),
  });
  await a.getByRole("button", { name: "Import 2 rows" }).click();
  await expect(a.getByText("2 imported · 0 rows with problems")).toBeVisible();
  await nav(b, "Contacts").click();
  await expect(b.getByRole("link", { name: /Iris Imported/ })).toBeVisible({ timeout: 5_000 });
  await expect(b.getByRole("link", { name: /Otto Imported/ })).toBeVisible();
  await expect(saveState(a)).toHaveText("Synced");
});

test("A and B type into the same notes at once; both keep both texts and see each other's caret", async ({
  a,
  b,
  team,
}) => {
  await createAccount(a, { Name: "Contoso" });
  await openAccount(b, "Contoso");
  const editorA = a.getByRole("textbox", { name: "Notes" });
  const editorB = b.getByRole("textbox", { name: "Notes" });
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
  await expect.poll(() => noteText(a)).toBe(await noteText(b));
  // Carets and presence carry the names people signed in with.
  await expect(a.locator(".collaboration-carets__label", { hasText: team.editor.name })).toBeVisible();
  await expect(b.locator(".collaboration-carets__label", { hasText: team.owner.name })).toBeVisible();
  await expect(a.getByRole("list", { name: new RegExp(`Also here: ${team.editor.name}`) })).toBeVisible();
});

test("offline: A reloads from the service worker, works, and everything syncs when the server returns", async ({
  a,
  b,
  server,
}) => {
  await createAccount(a, { Name: "Initech" });
  await expect(saveState(a)).toHaveText("Synced");
  await expect(b.getByRole("link", { name: "Initech", exact: true })).toBeVisible();
  await waitForServiceWorker(a);

  await server.stop();
  await a.reload();
  await expect(a.getByRole("heading", { level: 1, name: "Initech" })).toBeVisible();
  await expect(saveState(a)).toHaveText("Offline");

  await createAccount(a, { Name: "Umbrella Corp", Phone: "+1 555 0100" });
  await openAccount(a, "Initech");
  await a.getByRole("link", { name: "Edit" }).click();
  await a.getByLabel("Website", { exact: true }).fill("initech.example");
  await a.getByRole("button", { name: "Save" }).click();
  await expect(a.getByRole("link", { name: "initech.example" })).toBeVisible();
  await expect(saveState(a)).toHaveText("Offline");

  await server.start();
  await expect(saveState(a)).toHaveText("Synced", { timeout: 15_000 });
  await expect(b.getByRole("link", { name: "Umbrella Corp", exact: true })).toBeVisible({ timeout: 15_000 });
  await openAccount(b, "Initech");
  await expect(b.getByRole("link", { name: "initech.example" })).toBeVisible();
});

test("A and B edit different fields of one account while disconnected; both edits survive on both", async ({
  a,
  b,
  server,
}) => {
  await createAccount(a, { Name: "Globex", Phone: "+49 30 1111111", Industry: "Energy" });
  await expect(b.getByRole("link", { name: "Globex", exact: true })).toBeVisible();
  await expect(saveState(b)).toHaveText("Synced");
  await openAccount(a, "Globex");
  await openAccount(b, "Globex");

  await server.stop();
  await expect(saveState(a)).toHaveText("Offline");
  await expect(saveState(b)).toHaveText("Offline");
  await a.getByRole("link", { name: "Edit" }).click();
  await a.getByLabel("Industry", { exact: true }).fill("Manufacturing");
  await a.getByRole("button", { name: "Save" }).click();
  await b.getByRole("link", { name: "Edit" }).click();
  await b.getByLabel("Phone", { exact: true }).fill("+49 30 2222222");
  await b.getByRole("button", { name: "Save" }).click();

  await server.start();
  for (const p of [a, b]) {
    await expect(saveState(p)).toHaveText("Synced", { timeout: 15_000 });
    await expect(p.getByText("Manufacturing")).toBeVisible();
    await expect(p.getByRole("link", { name: "+49 30 2222222" })).toBeVisible();
  }
});

test("an invalid email and an empty name are shown at the field and nothing is stored", async ({ a }) => {
  await a.getByRole("button", { name: "New account" }).click();
  await a.getByLabel("Email", { exact: true }).fill("not-an-email");
  await a.getByRole("button", { name: "Save" }).click();
  const name = a.getByLabel("Name", { exact: true });
  const email = a.getByLabel("Email", { exact: true });
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription("This field is required.");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("Enter an email address like name@example.com.");
  await expect(name).toBeFocused();
  await a.getByRole("button", { name: "Cancel" }).click();
  await expect(a.getByRole("heading", { name: "No accounts yet" })).toBeVisible();
  expect(
    await a.evaluate(() =>
      (window as never as { __crm: { db: { accounts: { count(): Promise<number> } } } }).__crm.db.accounts.count(),
    ),
  ).toBe(0);
});

test("switching to 简体中文 shows Chinese labels and survives a reload", async ({ a }) => {
  await a.getByRole("combobox", { name: "Language" }).selectOption("zh");
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

/** The notes' text as the person reads it: other people's caret labels are not part of it. */
function noteText(page: Page): Promise<string> {
  return page.getByRole("textbox", { name: "Notes" }).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll(".collaboration-carets__caret")) caret.remove();
    return copy.textContent ?? "";
  });
}

test("a teammate's live edit of another field, made while I edit, survives my save", async ({ a, b }) => {
  await createAccount(a, { Name: "Hooli", Phone: "+1 650 000 0001", Industry: "Media" });
  await openAccount(b, "Hooli");
  await a.getByRole("link", { name: "Edit" }).click();
  await a.getByLabel("Industry", { exact: true }).fill("Software");

  await b.getByRole("link", { name: "Edit" }).click();
  await b.getByLabel("Phone", { exact: true }).fill("+1 650 999 9999");
  await b.getByRole("button", { name: "Save" }).click();
  await expect(b.getByRole("link", { name: "+1 650 999 9999" })).toBeVisible();
  await expect(saveState(b)).toHaveText("Synced");

  await a.getByRole("button", { name: "Save" }).click();
  for (const p of [a, b]) {
    await expect(p.getByText("Software")).toBeVisible();
    await expect(p.getByRole("link", { name: "+1 650 999 9999" })).toBeVisible();
  }
});
