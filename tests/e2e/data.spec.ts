import { download, expect, test } from "./fixtures.js";

/** 1,000 accounts; every 50th row is bad (10 without a name, 10 with a broken email). */
function accountsCsv(): { text: string; badLines: number[] } {
  const lines = ["Company,Website,Email,Phone"];
  const badLines: number[] = [];
  for (let i = 1; i <= 1000; i++) {
    const line = i + 1; // the header is line 1
    let name = `Import Co ${i}`;
    let email = `hello${i}@co${i}.example`;
    if (i % 50 === 0) {
      badLines.push(line);
      if (i % 100 === 0) name = "";
      else email = "not an email";
    }
    lines.push(`${name},co${i}.example,${email},+1 212 555 ${String(1000 + i)}`);
  }
  return { text: `${lines.join("\r\n")}\r\n`, badLines };
}

test("a 1,000-row CSV with 20 bad rows: exactly those are reported, 980 imported, a second import adds none", async ({
  a,
  ada,
}) => {
  const { text, badLines } = accountsCsv();
  await ada.data.goto();
  await expect(a.getByRole("heading", { name: "Import a CSV file" })).toBeVisible();
  await ada.data.chooseFile("Accounts", "accounts.csv", text);

  // The mapping is suggested from the headers and can be changed; the preview follows it.
  await expect(a.getByText("1,000 rows in accounts.csv")).toBeVisible();
  await expect(a.getByLabel("Field for column Company")).toHaveValue("name");
  await expect(a.getByLabel("Field for column Phone")).toHaveValue("phone");
  await a.getByLabel("Field for column Phone").selectOption({ label: "Don't import" });
  const preview = a.getByRole("table", { name: "Preview of the first rows" });
  await expect(preview.getByRole("columnheader")).toHaveText(["Line", "Name", "Website", "Email"]);
  await expect(preview.getByRole("row").nth(1)).toContainText("Import Co 1");
  await a.getByLabel("Field for column Phone").selectOption({ label: "Phone" });

  await a.screenshot({ path: "/tmp/data-shots/import-mapping-en.png", fullPage: true });
  await ada.data.importButton("1,000 rows").click();
  await expect(ada.data.finished).toBeVisible({ timeout: 30_000 });
  await expect(a.getByText("980 imported · 20 rows with problems · 0 already in the CRM (skipped)")).toBeVisible();
  const report = a.getByRole("table", { name: "Rows not imported" });
  await expect(report.getByRole("row")).toHaveCount(21);
  const reported = (await report.locator("tbody tr td:first-child").allTextContents()).map(Number);
  expect(reported).toEqual(badLines);
  await expect(report.getByRole("row").filter({ hasText: "This field is required." })).toHaveCount(10);
  await expect(report.getByRole("row").filter({ hasText: "Enter an email address" })).toHaveCount(10);
  await a.screenshot({ path: "/tmp/data-shots/import-report-en.png", fullPage: true });

  // The report downloads as CSV: row number, field, column, reason.
  const reportCsv = await download(a.getByRole("button", { name: "Download the report (CSV)" }));
  const csv = reportCsv.text.replace(/^\uFEFF/, "");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe("Line,Field,Column in the file,Reason");
  expect(lines.slice(1).map((l) => Number(l.split(",")[0]))).toEqual(badLines);
  expect(lines[1]).toBe("51,email,Email,Enter an email address like name@example.com.");

  await ada.accounts.goto();
  await expect(ada.accounts.count).toHaveText("980");

  // The same file again: every good row is already there.
  await ada.data.goto();
  await ada.data.chooseFile("Accounts", "accounts.csv", text);
  await ada.data.importButton("1,000 rows").click();
  await expect(a.getByText("0 imported · 20 rows with problems · 980 already in the CRM (skipped)")).toBeVisible({
    timeout: 30_000,
  });
  await ada.accounts.goto();
  await expect(ada.accounts.count).toHaveText("980");
});

test("cancelling an import while it writes leaves nothing behind", async ({ a, ada }) => {
  const lines = ["First name,Last name,Email"];
  for (let i = 1; i <= 40_000; i++) lines.push(`Ann${i},Lee,ann${i}@cancel.example`);
  await ada.data.goto();
  await ada.data.chooseFile("Contacts", "many.csv", lines.join("\n"));
  await ada.data.importButton("40,000 rows").click();
  const progress = a.getByRole("status").filter({ hasText: "Importing:" });
  await expect(progress).toBeVisible({ timeout: 30_000 });
  await a.screenshot({ path: "/tmp/data-shots/import-progress-en.png" });
  await a.getByRole("button", { name: "Cancel" }).click();
  await expect(a.getByText("The import was cancelled. Nothing from this file was kept.")).toBeVisible({
    timeout: 30_000,
  });
  await ada.contacts.goto();
  await expect(a.getByRole("heading", { name: "No contacts yet" })).toBeVisible();
  // And not in the trash either: rolled-back rows were never the person's records.
  await ada.data.openTrash();
  await a.getByLabel("Show deleted").selectOption({ label: "Contacts" });
  await expect(a.getByText("The trash is empty.")).toBeVisible({ timeout: 20_000 });
});

test('export of a contact named =HYPERLINK("x") gives a cell a spreadsheet shows as text; vCard too', async ({
  a,
  ada,
}) => {
  await ada.contacts.create({ "First name": '=HYPERLINK("x")', "Last name": "Lee", Email: "lee@example.com" });
  await expect(ada.record.heading('=HYPERLINK("x") Lee')).toBeVisible();

  await ada.contacts.goto();
  await a.screenshot({ path: "/tmp/data-shots/contacts-export-en.png" });
  const csv = await download(a.getByRole("button", { name: "Export CSV" }));
  expect(csv.name).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  // A UTF-8 BOM, RFC 4180 quoting, CRLF; the formula is prefixed with ' so it stays text.
  expect(csv.text.charCodeAt(0)).toBe(0xfeff);
  const [header, row] = csv.text.slice(1).split("\r\n");
  // Every exportable field of a contact, titled as the form names it.
  expect(header).toBe(
    "ID,First name,Last name,Email,Phone,Mobile,Job title,Account,Owner,Street,City,Postal code,Country,Email subscription,Consent basis,Email topics",
  );
  expect(row).toMatch(/^[a-z0-9]+,"'=HYPERLINK\(""x""\)",Lee,lee@example\.com,{9},Not subscribed,,$/);

  const vcf = await download(a.getByRole("button", { name: "Export vCard" }));
  expect(vcf.name).toMatch(/\.vcf$/);
  expect(vcf.text).toContain('FN:=HYPERLINK("x") Lee\r\n');
  expect(vcf.text).toContain("EMAIL;TYPE=work:lee@example.com\r\n");

  // What was exported imports back as the same contact: a duplicate, so nothing is added.
  await ada.contacts.goto();
  await a.getByRole("link", { name: "Import" }).click();
  await expect(ada.data.recordType).toHaveValue("contacts");
  await ada.data.setFile("back.csv", csv.text);
  await ada.data.importButton("1 row").click();
  await expect(a.getByText("0 imported · 0 rows with problems · 1 already in the CRM (skipped)")).toBeVisible();
});

test.describe(() => {
  // Skipped here, not inside the test: a skip in the body comes after its fixtures (a server, a
  // team, a browser with the app open) were set up for nothing.
  test.skip(!process.env.DATA_BENCH, "a benchmark; run with DATA_BENCH=1");
  test("100,000-row CSV import (benchmark: DATA_BENCH=1)", async ({ a, ada }) => {
    test.setTimeout(300_000);
    const lines = ["First name,Last name,Email,Phone"];
    for (let i = 1; i <= 100_000; i++)
      lines.push(`Bea${i},Kim,bea${i}@bench.example,+44 20 7${String(i).padStart(7, "0")}`);
    await ada.data.goto();
    await ada.data.chooseFile("Contacts", "bench.csv", lines.join("\r\n"));
    const started = Date.now();
    await ada.data.importButton("100,000 rows").click();
    await expect(a.getByText("100,000 imported · 0 rows with problems")).toBeVisible({ timeout: 280_000 });
    console.log(`100k import: ${Date.now() - started} ms wall; page says ${await a.getByText(/^Took/).textContent()}`);
  });
});

test("two duplicate accounts are merged (fields chosen, contact re-linked) and the merge is undone", async ({
  a,
  ada,
}) => {
  await ada.accounts.create({ Name: "Dup Corp", Website: "dupcorp.com" });
  await ada.accounts.create({ Name: "Dup Corp Inc.", Website: "www.dupcorp.com", Phone: "+49 30 5550100" });
  await ada.contacts.goto();
  await ada.contacts.newButton.click();
  await ada.form.fill({ "First name": "Ina", "Last name": "Linked" });
  await ada.form.chooseAccount("Dup Corp Inc", "Dup Corp Inc.");
  await ada.form.save();
  await expect(ada.record.heading("Ina Linked")).toBeVisible();

  await ada.data.openDuplicates();
  const group = a
    .getByRole("list", { name: "Duplicates" })
    .getByRole("listitem")
    .filter({ has: a.getByRole("button", { name: "Merge…" }), hasText: "Dup Corp Inc." });
  await expect(group).toContainText("Why: same name (dup), same web domain (dupcorp.com)");
  await a.screenshot({ path: "/tmp/data-shots/duplicates-en.png", fullPage: true });
  await group.getByRole("button", { name: "Merge…" }).click();
  const panel = a.getByRole("region", { name: "Merge two records" });
  await expect(panel.getByLabel("Dup Corp", { exact: true })).toBeChecked();
  // The kept record has no phone, so the other's is chosen; its own website stays unless changed.
  await expect(panel.getByLabel("Value of Phone: (empty)")).not.toBeChecked();
  await expect(panel.getByLabel("Value of Phone: +49305550100")).toBeChecked();
  await expect(panel.getByLabel("Value of Website: https://dupcorp.com")).toBeChecked();
  await panel.getByLabel("Value of Website: https://www.dupcorp.com").check();
  await a.screenshot({ path: "/tmp/data-shots/merge-en.png", fullPage: true });
  await panel.getByRole("button", { name: "Merge" }).click();
  const notice = a.getByRole("status").filter({ hasText: "Merged Dup Corp Inc. into Dup Corp" });
  await expect(notice).toContainText("re-linked 1 records");
  await expect(a.getByText("No duplicates found.")).toBeVisible();

  await ada.accounts.goto();
  await expect(a.getByRole("link", { name: "Dup Corp Inc." })).toHaveCount(0);
  await ada.accounts.link("Dup Corp").click();
  await expect(a.getByText("+49 30 5550100")).toBeVisible();
  await expect(a.getByRole("link", { name: "www.dupcorp.com", exact: true })).toBeVisible();
  await ada.contacts.goto();
  await a.getByRole("link", { name: "Ina Linked" }).click();
  await expect(a.getByRole("link", { name: "Dup Corp", exact: true })).toBeVisible();
  // The re-link is in the contact's history, by name (the merged-away account's name from the trash).
  await ada.record.openHistory();
  const contactHistory = ada.record.history.getByRole("row");
  await expect(contactHistory.nth(1)).toContainText(/Account: Dup Corp Inc\. → Dup Corp$/);
  await expect(contactHistory.nth(1)).toContainText("Ada Owner (you)");

  // Undo (kept on this device, so it survives leaving the page): everything is as before.
  await ada.data.openDuplicates();
  await a.getByRole("button", { name: "Undo merge" }).click();
  await expect(a.getByRole("status").filter({ hasText: "The merge was undone." })).toBeVisible();
  await expect(group).toBeVisible();
  await ada.contacts.goto();
  await a.getByRole("link", { name: "Ina Linked" }).click();
  await expect(a.getByRole("link", { name: "Dup Corp Inc.", exact: true })).toBeVisible();
  await ada.accounts.goto();
  await ada.accounts.link("Dup Corp").click();
  await expect(a.getByRole("link", { name: "dupcorp.com", exact: true })).toBeVisible();
  await expect(a.getByText("+49 30 5550100")).toHaveCount(0);
});

test("a deleted record is restored from the trash with its history (who, when, old → new)", async ({
  a,
  b,
  ada,
  bo,
}) => {
  await ada.accounts.create({ Name: "Trashy Ltd", Industry: "Retail" });
  await ada.accounts.editOpen({ Industry: "Energy" });
  await expect(ada.record.heading("Trashy Ltd")).toBeVisible();
  await ada.record.delete();
  await expect(a.getByRole("link", { name: "Trashy Ltd" })).toHaveCount(0);

  await ada.data.openTrash();
  const row = ada.data.trashRow("Trashy Ltd");
  await expect(row).toContainText("Deleted");
  await expect(row).toContainText("Ada Owner (you)");
  await a.screenshot({ path: "/tmp/data-shots/trash-en.png", fullPage: true });

  // The history before restoring: created, the industry change, the deletion.
  await row.getByRole("link", { name: "History" }).click();
  const history = ada.record.history;
  await expect(history.getByRole("row")).toHaveCount(4);
  await expect(history.getByRole("row").nth(1)).toContainText("Deleted");
  await expect(history.getByRole("row").nth(2)).toContainText("Industry: Retail → Energy");
  await expect(history.getByRole("row").nth(3)).toContainText("Created");
  await expect(history.getByRole("row").nth(3)).toContainText("Name: Trashy Ltd");
  await a.goBack();

  await row.getByRole("button", { name: "Restore Trashy Ltd" }).click();
  await expect(a.getByRole("status").filter({ hasText: "Trashy Ltd was restored." })).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(a.getByText("The trash is empty.")).toBeVisible();

  // Back in the list, for the teammate too, with the whole history on the record.
  await ada.accounts.goto();
  await a.getByRole("link", { name: "Trashy Ltd" }).click();
  await expect(a.getByText("Energy")).toBeVisible();
  await ada.record.openHistory();
  await expect(history.getByRole("row")).toHaveCount(5);
  await expect(history.getByRole("row").nth(1)).toContainText("Restored");
  await expect(history.getByRole("row").nth(3)).toContainText("Industry: Retail → Energy");
  await a.screenshot({ path: "/tmp/data-shots/history-en.png", fullPage: true });
  await bo.accounts.goto();
  await expect(b.getByRole("link", { name: "Trashy Ltd" })).toBeVisible();
});

test("the data screens in Chinese", async ({ a, ada }) => {
  await ada.shell.setLanguage("zh");
  await a.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "数据" }).click();
  await expect(a.getByRole("heading", { name: "导入 CSV 文件" })).toBeVisible();
  await a.getByLabel("记录类型", { exact: true }).selectOption({ label: "客户" });
  await a.getByLabel("CSV 文件", { exact: true }).setInputFiles({
    name: "客户.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("公司名称,网站,邮箱\n甲公司,jia.cn,bad\n乙有限公司,yi.cn,\n"),
  });
  await expect(a.getByLabel("列 公司名称 对应的字段")).toHaveValue("name");
  await a.screenshot({ path: "/tmp/data-shots/import-mapping-zh.png", fullPage: true });
  await a.getByRole("button", { name: "导入 2 行" }).click();
  await expect(a.getByText("已导入 1 条 · 1 行有问题 · 0 行已存在（已跳过）")).toBeVisible();
  await expect(a.getByRole("table", { name: "未导入的行" })).toContainText("请输入类似 name@example.com 的邮箱地址。");
  await a.screenshot({ path: "/tmp/data-shots/import-report-zh.png", fullPage: true });
  await a.getByRole("link", { name: "重复记录" }).click();
  await expect(a.getByText("没有发现重复记录。")).toBeVisible();
  await a.screenshot({ path: "/tmp/data-shots/duplicates-zh.png", fullPage: true });
  await a.getByRole("link", { name: "回收站" }).click();
  await expect(a.getByText("回收站是空的。")).toBeVisible();
  await a.screenshot({ path: "/tmp/data-shots/trash-zh.png", fullPage: true });
});
