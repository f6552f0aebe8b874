import { createAccount, expect, nav, test } from "./fixtures.js";

test("Analytics counts the local accounts in DuckDB and runs the user's SQL", async ({ a }) => {
  await createAccount(a, { Name: "Alpha Retail", Industry: "Retail" });
  await createAccount(a, { Name: "Beta Retail", Industry: "Retail" });
  await createAccount(a, { Name: "Gamma Energy", Industry: "Energy" });
  await nav(a, "Analytics").click();

  const byIndustry = a.getByRole("table", { name: "Accounts by industry" });
  await expect(byIndustry).toBeVisible({ timeout: 30_000 });
  await expect(byIndustry.getByRole("row", { name: /Retail\s*2/ })).toBeVisible();
  await expect(byIndustry.getByRole("row", { name: /Energy\s*1/ })).toBeVisible();
  await expect(
    a.getByRole("table", { name: "Accounts by status" }).getByRole("row", { name: /Prospect\s*3/ }),
  ).toBeVisible();

  const sql = a.getByLabel("SQL", { exact: true });
  await sql.fill("SELECT name FROM accounts WHERE industry = 'Energy'");
  await sql.press("Control+Enter");
  await expect(
    a.getByRole("table", { name: "Query result" }).getByRole("cell", { name: "Gamma Energy" }),
  ).toBeVisible();

  await sql.fill("SELECT nope FROM accounts");
  await a.getByRole("button", { name: "Run" }).click();
  await expect(a.getByRole("alert")).toContainText(/nope/);
});
