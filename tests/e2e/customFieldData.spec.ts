import { readFile } from "node:fs/promises";
import { addCustomField, readSettings, settingsDocName, writeSettings } from "@crm/schema";
import { TestDevice, until } from "../support/clients.js";
import { expect, SqlConsole, test } from "./fixtures.js";

/*
 * A custom field is data like any built-in one: an admin adds the picklist "Tier" to accounts
 * while a teammate has the SQL console open; the teammate's analytics tables get the column at
 * once, a CSV with a "Tier" column imports into it, the export has it as "Tier", and the console
 * answers `SELECT tier, count(*) FROM accounts GROUP BY 1`.
 *
 * The admin writes the settings document as the Settings screen does (schema's addCustomField and
 * writeSettings on the app's own LocalStore and SyncClient), from a browser-less device.
 */

const tierCsv =
  "Company,Website,Tier\r\nAcme,acme.example,Gold\r\nGlobex,globex.example,Silver\r\nInitech,initech.example,Gold\r\n";

test("an admin adds the picklist Tier to accounts: a teammate imports, exports and queries it", async ({
  b,
  bo,
  server,
  team,
}) => {
  // The teammate's console, open before the field exists: accounts has no such column.
  const sql = new SqlConsole(b);
  await sql.open();
  await expect(b.getByText(/The console works on its own copy of your data/)).toBeVisible({ timeout: 30_000 });
  await sql.run("SELECT tier FROM accounts");
  await expect(b.getByRole("alert")).toContainText('"tier" not found');

  const admin = new TestDevice(`ws://127.0.0.1:${server.port}/sync?token=${await team.token("admin")}`, team.workspace);
  try {
    const rt = await admin.open();
    const name = settingsDocName(team.workspace);
    const handle = await rt.track(name);
    const doc = await rt.store.openDoc(name);
    await until(() => rt.sync.status === "synced", 20_000, "admin synced");
    const written = writeSettings(
      doc,
      addCustomField(
        readSettings(doc).settings,
        {
          collection: "accounts",
          kind: "picklist",
          label: { en: "Tier", zh: "等级" },
          values: [
            { value: "gold", label: { en: "Gold", zh: "金牌" } },
            { value: "silver", label: { en: "Silver", zh: "银牌" } },
          ],
        },
        "f-tier",
      ),
    );
    expect(written.ok).toBe(true);
    await until(() => rt.sync.status === "synced", 20_000, "the field reached the server");
    handle.release();
  } finally {
    admin.close();
  }

  // The field reaches the teammate live: the dashboards' tables reload with the new column, so
  // the console's copy is out of date; a fresh copy has it.
  await expect(b.getByText("Your records have changed since then.")).toBeVisible({ timeout: 20_000 });
  await b.getByRole("button", { name: "Reset console data" }).click();
  await expect(b.getByText("The console now works on a fresh copy of your data.")).toBeVisible({ timeout: 30_000 });
  await sql.run(
    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'tier'",
  );
  await expect(sql.result.getByRole("row", { name: "tier VARCHAR" })).toBeVisible();

  // A CSV with a "Tier" column: mapped to the field by its label, values read by their labels.
  await bo.shell.goTo("Data");
  await expect(b.getByRole("heading", { name: "Import a CSV file" })).toBeVisible();
  await b.getByLabel("Record type", { exact: true }).selectOption({ label: "Accounts" });
  await b
    .getByLabel("CSV file", { exact: true })
    .setInputFiles({ name: "tiers.csv", mimeType: "text/csv", buffer: Buffer.from(tierCsv) });
  await expect(b.getByLabel("Field for column Tier")).toHaveValue("cfTier");
  const preview = b.getByRole("table", { name: "Preview of the first rows" });
  await expect(preview.getByRole("columnheader")).toHaveText(["Line", "Name", "Website", "Tier"]);
  await b.getByRole("button", { name: "Import 3 rows" }).click();
  await expect(b.getByText("3 imported · 0 rows with problems · 0 already in the CRM (skipped)")).toBeVisible({
    timeout: 30_000,
  });

  // The export titles the column as a person reads it and writes each value's label.
  await bo.shell.goTo("Accounts");
  await expect(b.getByRole("link", { name: "Initech", exact: true })).toBeVisible();
  const [download] = await Promise.all([
    b.waitForEvent("download"),
    b.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const [header, ...rows] = csv.split("\r\n").filter((l) => l !== "");
  const titles = header!.split(",");
  const tier = titles.indexOf("Tier");
  const company = titles.indexOf("Name");
  expect(tier).toBeGreaterThan(0);
  const tiers = Object.fromEntries(rows.map((r) => r.split(",")).map((cells) => [cells[company], cells[tier]]));
  expect(tiers).toEqual({ Acme: "Gold", Globex: "Silver", Initech: "Gold" });

  // The console, on a fresh copy of the imported accounts, groups by the field.
  await bo.shell.goTo("Analytics");
  await b.getByRole("link", { name: "SQL console" }).click();
  await expect(sql.editor).toBeVisible({ timeout: 60_000 });
  await expect(b.getByText("Your records have changed since then.")).toBeVisible({ timeout: 20_000 });
  await b.getByRole("button", { name: "Reset console data" }).click();
  await expect(b.getByText("The console now works on a fresh copy of your data.")).toBeVisible({ timeout: 30_000 });
  await sql.run("SELECT tier, count(*) FROM accounts GROUP BY 1 ORDER BY 1");
  await expect(sql.result.getByRole("row", { name: "gold 2" })).toBeVisible();
  await expect(sql.result.getByRole("row", { name: "silver 1" })).toBeVisible();
  await expect(sql.result.getByRole("row")).toHaveCount(3);
});
