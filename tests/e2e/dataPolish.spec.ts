import { download, expect, test } from "./fixtures.js";

/*
 * "Never lie, never leak", the data part: one date format per language on every screen of a
 * record, phone numbers found however they are typed, and a CSV export that imports back as the
 * same records.
 */

const EN_DATE_TIME = /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2}$/;
const ZH_DATE_TIME = /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/;

test("a record's page and its history show the same moment in one format, in English and in Chinese", async ({
  a,
  ada,
}) => {
  await ada.accounts.create({ Name: "Datum AG", Industry: "Retail" });
  await ada.accounts.editOpen({ Industry: "Energy" });
  await expect(ada.record.heading("Datum AG")).toBeVisible();

  const lastChanged = a.locator("dt", { hasText: "Last changed" }).locator("xpath=following-sibling::dd[1]");
  await expect(lastChanged).toHaveText(EN_DATE_TIME);
  const onPage = (await lastChanged.textContent())!;
  await ada.record.openHistory();
  // The table's name is translated too: found by role alone (the page has one).
  const newest = a.getByRole("table").getByRole("row").nth(1).getByRole("cell").first();
  // The change that set "Last changed" is the newest entry: the same words, not just the same shape.
  await expect(newest).toHaveText(onPage);

  await ada.shell.setLanguage("zh");
  await expect(newest).toHaveText(ZH_DATE_TIME);
  const zhHistory = (await newest.textContent())!;
  await a.goBack();
  const zhChanged = a.locator("dt", { hasText: "最后修改" }).locator("xpath=following-sibling::dd[1]");
  await expect(zhChanged).toHaveText(zhHistory);
  await a.screenshot({ path: "/tmp/data-shots/dates-zh.png", fullPage: true });
});

test("a phone number is found however it is typed, with or without the country code", async ({ a, ada }) => {
  await ada.settings.setPhoneRegion("Germany (+49)");
  await ada.contacts.create({ "First name": "Paula", "Last name": "Phonesearch", Phone: "030 1234567" });
  // Stored with its country, shown readable, dialled as E.164.
  const link = a.getByRole("link", { name: "+49 30 1234567" });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute("href", "tel:+49301234567");

  await ada.contacts.goto();
  const search = ada.contacts.search;
  for (const typed of ["030 1234567", "+49 30 1234567", "4930 1234567", "(030) 123-4567", "0049 30 1234567"]) {
    await search.fill(typed);
    await expect(a.getByRole("link", { name: "Paula Phonesearch" }), typed).toBeVisible();
  }
  await search.fill("+44 30 1234567");
  await expect(a.getByText("No contact matches")).toBeVisible();
  await expect(a.getByRole("link", { name: "Paula Phonesearch" })).toHaveCount(0);
});

test("contacts and accounts exported and imported again: nothing added, nothing changed", async ({ a, ada }) => {
  await ada.settings.setPhoneRegion("Germany (+49)");
  await ada.accounts.create({ Name: "Roundtrip GmbH", Website: "roundtrip.example", Phone: "+49 30 5550100" });
  await ada.contacts.create(
    { "First name": "Rita", "Last name": "Return", Email: "rita@roundtrip.example", Phone: "030 1234567" },
    "Roundtrip GmbH",
  );
  const exportCsv = async () => (await download(a.getByRole("button", { name: "Export CSV" }))).text;

  await ada.accounts.goto();
  const accounts = await exportCsv();
  const [accountHead, accountRow] = accounts.replace(/^\uFEFF/, "").split("\r\n");
  expect(accountHead).toBe("ID,Name,Website,Industry,Phone,Email,Street,City,Postal code,Country,Status,Owner,Churned");
  // The phone is text to a spreadsheet ("'+49 …"), the status a label.
  expect(accountRow).toContain(",'+49 30 5550100,");
  expect(accountRow).toContain(",Prospect,");
  await ada.contacts.goto();
  const contacts = await exportCsv();
  // Phone, then mobile and job title (empty), then the account by name.
  expect(contacts).toContain("Rita,Return,rita@roundtrip.example,'+49 30 1234567,,,Roundtrip GmbH");

  await ada.data.importCsv("Accounts", "accounts.csv", accounts, "1 row");
  await expect(a.getByText("0 imported · 0 rows with problems · 1 already in the CRM (skipped)")).toBeVisible();
  await ada.data.importCsv("Contacts", "contacts.csv", contacts, "1 row");
  await expect(a.getByText("0 imported · 0 rows with problems · 1 already in the CRM (skipped)")).toBeVisible();
  await ada.contacts.goto();
  await expect(a.getByRole("link", { name: "Rita Return" })).toHaveCount(1);
  await a.getByRole("link", { name: "Rita Return" }).click();
  await expect(a.getByRole("link", { name: "+49 30 1234567" })).toBeVisible();
});

test("the default region decides how a national number in a file is read", async ({ a, ada }) => {
  // No region: the number is kept as typed, imported, and listed to check.
  await ada.data.importCsv("Contacts", "none.csv", "Last name,Phone\r\nNoregion,030 1234567\r\n", "1 row");
  await expect(a.getByText("1 imported · 0 rows with problems")).toBeVisible();
  await expect(a.getByRole("heading", { name: "1 imported value to check" })).toBeVisible();
  await ada.contacts.goto();
  await a.getByRole("link", { name: "Noregion" }).click();
  await expect(a.getByRole("link", { name: "0301234567" })).toBeVisible();

  // Germany: the same digits are a Berlin number.
  await ada.settings.setPhoneRegion("Germany (+49)");
  await ada.data.importCsv("Contacts", "de.csv", "Last name,Phone\r\nBerlinregion,030 7654321\r\n", "1 row");
  await expect(a.getByRole("heading", { name: /to check/ })).toHaveCount(0);
  await ada.contacts.goto();
  await a.getByRole("link", { name: "Berlinregion" }).click();
  await expect(a.getByRole("link", { name: "+49 30 7654321" })).toHaveAttribute("href", "tel:+49307654321");

  // China: a Beijing number.
  await ada.settings.setPhoneRegion("China (+86)");
  await ada.data.importCsv("Contacts", "cn.csv", "Last name,Phone\r\nBeijingregion,010 1234 5678\r\n", "1 row");
  await ada.contacts.goto();
  await a.getByRole("link", { name: "Beijingregion" }).click();
  await expect(a.getByRole("link", { name: "+86 10 1234 5678" })).toBeVisible();
});
