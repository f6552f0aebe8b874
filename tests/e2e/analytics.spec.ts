import { readFileSync } from "node:fs";
import { fixtureAsOf } from "../../analytics/test-support/fixture.js";
import { writeFixture } from "./analyticsHelpers.js";
import { App, expect, openApp, signedInContext, test } from "./fixtures.js";

/*
 * The Analytics pages in real Chromium over the hand-worked fixture of analytics/ (its figures
 * are worked out in analytics/src/metrics.test.ts). Every record goes in through the local store,
 * as the app writes records: the engine loads them from the device's copy like any data.
 */

test("dashboards show the fixture's CLTV, churn, CSAT, NPS and risk; the churn window is editable", async ({
  a,
  ada,
}) => {
  await writeFixture(a);
  await ada.shell.goTo("Analytics");
  await a.getByLabel("As of").fill(fixtureAsOf);
  await a.getByLabel(/Churn window/).fill("90");
  await a.getByRole("button", { name: "Apply" }).click();

  const cltv = a.getByRole("region", { name: "Customer lifetime value", exact: true });
  await expect(cltv.getByRole("definition").first()).toHaveText("455.00");
  // CLTV = 455 × 2 × 106.6 / 365
  await expect(cltv).toContainText("265.77");

  const churn = a.getByRole("region", { name: "Monthly churn rate" });
  await churn.getByRole("button", { name: "Show as table" }).click();
  await expect(churn.getByRole("row", { name: "2024-03-01 4 2 50 %" })).toBeVisible();
  // Every card says how it is computed and where the formula comes from.
  await churn.getByText("How is this computed?").click();
  await expect(churn).toContainText("customers lost in the month ÷ customers active at its start");
  await expect(churn).toContainText("Marketing Metrics");

  const csat = a.getByRole("region", { name: "Customer satisfaction (CSAT) by month" });
  await csat.getByRole("button", { name: "Show as table" }).click();
  await expect(csat.getByRole("row", { name: "2024-01-01 4 2 50 %" })).toBeVisible();
  const nps = a.getByRole("region", { name: "Net Promoter Score (NPS) by month" });
  await nps.getByRole("button", { name: "Show as table" }).click();
  await expect(nps.getByRole("row", { name: /^2024-03-01 8 4 2 2 25$/ })).toBeVisible();

  const risk = a.getByRole("region", { name: "Churn risk", exact: true });
  await expect(risk.getByRole("cell", { name: "Acme" })).toBeVisible();

  // CSV of a card: exactly its rows.
  const download = a.waitForEvent("download");
  await churn.getByRole("button", { name: "Download CSV: Monthly churn rate" }).click();
  const csv = await (await download).createReadStream();
  const text = await new Promise<string>((resolve) => {
    let s = "";
    csv.on("data", (d) => (s += d));
    csv.on("end", () => resolve(s));
  });
  expect(text).toContain("month,active_at_start,churned,churn_rate\r\n");
  expect(text).toContain("2024-03-01,4,2,50\r\n");

  // A 30-day window: January loses D (hand-worked in metrics.test.ts).
  await a.getByLabel(/Churn window/).fill("30");
  await a.getByRole("button", { name: "Apply" }).click();
  await expect(churn.getByRole("row", { name: "2024-01-01 1 1 100 %" })).toBeVisible();
});

test("console: a query runs, an error is marked where it is, a dropped CSV joins accounts, results export", async ({
  a,
  ada,
}) => {
  await writeFixture(a);
  await ada.sql.open();
  await expect(a.getByText(/On this device: .*\baccounts 6\b/)).toBeVisible({ timeout: 30_000 });

  await ada.sql.run("SELECT name FROM accounts WHERE status = 'churned' ORDER BY name");
  await expect(ada.sql.result.getByRole("cell", { name: "Initech" })).toBeVisible();
  await expect(ada.sql.result.getByRole("cell", { name: "Vandelay" })).toBeVisible();

  // The error names its line and column and the editor marks the spot.
  await ada.sql.run("SELECT 1;\nSELECT name,\n  nope FROM accounts");
  await expect(a.getByRole("alert")).toContainText("at line 3, column 3");
  await expect(a.getByRole("alert")).toContainText('"nope" not found');
  await expect(a.locator(".cm-lintRange-error")).toHaveText("nope");

  // Drop a CSV: it becomes a table to join with the CRM's.
  const dataTransfer = await a.evaluateHandle(() => {
    const dt = new DataTransfer();
    const csv = "account_id,target\r\nA,5000\r\nD,7000\r\n";
    dt.items.add(new File([csv], "Sales Targets.csv", { type: "text/csv" }));
    return dt;
  });
  await a.getByTestId("sql-console").dispatchEvent("drop", { dataTransfer });
  await expect(a.getByText("Sales Targets.csv is now table sales_targets (2 rows).")).toBeVisible();
  await ada.sql.run(
    "SELECT a.name, t.target FROM sales_targets t JOIN accounts a ON a.id = t.account_id ORDER BY t.target",
  );
  await expect(ada.sql.result.getByRole("row", { name: "Acme 5000" })).toBeVisible();
  await expect(ada.sql.result.getByRole("row", { name: "Umbrella 7000" })).toBeVisible();

  const csvDownload = a.waitForEvent("download");
  await a.getByRole("button", { name: "Export CSV" }).click();
  expect((await csvDownload).suggestedFilename()).toBe("query.csv");

  // Parquet export: a real Parquet file, offline (no DuckDB extension download)...
  const parquetDownload = a.waitForEvent("download");
  await a.getByRole("button", { name: "Export Parquet" }).click();
  const parquet = await parquetDownload;
  expect(parquet.suggestedFilename()).toBe("query.parquet");
  const bytes = readFileSync((await parquet.path())!);
  expect(bytes.subarray(0, 4).toString("latin1")).toBe("PAR1");
  expect(bytes.subarray(-4).toString("latin1")).toBe("PAR1");
  // ...that the console reads back as a table when dropped.
  const parquetDrop = await a.evaluateHandle(
    (data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], "Exported.parquet"));
      return dt;
    },
    [...bytes],
  );
  await a.getByTestId("sql-console").dispatchEvent("drop", { dataTransfer: parquetDrop });
  await expect(a.getByText("Exported.parquet is now table exported (2 rows).")).toBeVisible();
  await ada.sql.run("SELECT name, target FROM exported ORDER BY target DESC");
  await expect(ada.sql.result.getByRole("row", { name: "Umbrella 7000" })).toBeVisible();
  // A long query can be cancelled; the page stays responsive and the next query runs.
  await ada.sql.run("SELECT count(*) FROM range(10000000000) a WHERE a.range % 7 = 3");
  await a.getByRole("button", { name: "Cancel" }).click();
  await expect(a.getByText("The query was cancelled.")).toBeVisible();
  await ada.sql.run("SELECT 41 + 1 AS answer");
  await expect(ada.sql.result.getByRole("cell", { name: "42" })).toBeVisible({ timeout: 30_000 });
});

test("with the server down after one online visit, the dashboards and the console still work", async ({
  a,
  ada,
  server,
}) => {
  await ada.device.waitForServiceWorker();
  await writeFixture(a);
  await ada.sql.open();
  await expect(a.getByText(/On this device: .*\baccounts 6\b/)).toBeVisible({ timeout: 30_000 });

  await server.stop();
  await a.reload();
  await expect(ada.sql.editor).toBeVisible({ timeout: 60_000 });
  await ada.sql.run("SELECT count(*) AS n FROM accounts");
  await expect(ada.sql.result.getByRole("cell", { name: "6", exact: true })).toBeVisible();
  await a.getByRole("link", { name: "Dashboards" }).click();
  await expect(a.getByRole("region", { name: "Customer lifetime value", exact: true })).toBeVisible();
  await expect(a.getByRole("heading", { name: "Accounts at risk", level: 2 })).toBeVisible();
});

test("saved queries: A saves one, B sees it at once and A's edits live; a viewer reads and runs but cannot edit", async ({
  a,
  ada,
  b,
  bo,
  browser,
  server,
  team,
}) => {
  await ada.sql.open();
  await bo.sql.open();
  await expect(bo.sql.savedQueries).toContainText("No saved queries yet");

  await ada.sql.run("SELECT 1 AS one");
  await ada.sql.title.fill("Ones and twos");
  await a.getByRole("button", { name: "Save query" }).click();
  await expect(a.getByText('Saved "Ones and twos"')).toBeVisible();

  // B was already on the console: the query appears without a reload.
  await bo.sql.savedQueries.getByRole("button", { name: "Ones and twos" }).click();
  await expect(bo.sql.editor).toContainText("SELECT 1 AS one");

  // A types; B's editor follows live and shows A's caret with A's name.
  await ada.sql.editor.click();
  await a.keyboard.press("Control+End");
  await a.keyboard.type(", 2 AS two");
  await expect(bo.sql.editor).toContainText("SELECT 1 AS one, 2 AS two");
  await expect(b.locator(".cm-ySelectionInfo")).toHaveText(team.owner.name);

  // B renames it; A's title and list follow. B runs the shared SQL.
  await bo.sql.title.fill("Ones, twos");
  await expect(ada.sql.title).toHaveValue("Ones, twos");
  await expect(ada.sql.savedQueries.getByRole("button", { name: "Ones, twos" })).toBeVisible();
  await b.getByRole("button", { name: "Run" }).click();
  await expect(bo.sql.result.getByRole("row", { name: "1 2" })).toBeVisible();

  // A viewer sees the query and runs it, but the title and SQL are read-only.
  const viewer = await team.join("Vi Viewer", "viewer");
  const ctx = await signedInContext(browser, server, viewer);
  const v = await openApp(ctx, server);
  const vi = new App(v);
  await vi.sql.open();
  await vi.sql.savedQueries.getByRole("button", { name: "Ones, twos" }).click();
  await expect(vi.sql.editor).toContainText("SELECT 1 AS one, 2 AS two");
  await expect(vi.sql.editor).toHaveAttribute("aria-readonly", "true");
  await expect(vi.sql.title).not.toBeEditable();
  await expect(v.getByText("Your role can run saved queries but not change them.")).toBeVisible();
  await expect(v.getByRole("button", { name: "Delete query" })).toHaveCount(0);
  await vi.sql.editor.click();
  await v.keyboard.type("junk");
  await expect(vi.sql.editor).not.toContainText("junk");
  await v.getByRole("button", { name: "Run" }).click();
  await expect(vi.sql.result.getByRole("row", { name: "1 2" })).toBeVisible();

  // A deletes it: it leaves B's list and B is told.
  await a.getByRole("button", { name: "Delete query" }).click();
  await expect(b.getByText("This saved query was deleted.")).toBeVisible();
  await expect(bo.sql.savedQueries).toContainText("No saved queries yet");
  await ctx.close();
});
