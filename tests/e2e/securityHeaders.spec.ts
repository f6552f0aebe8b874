import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserContext, Page } from "@playwright/test";
import { App, expect, openApp, signedInContext, test } from "./fixtures.js";

/*
 * The built app under the server's Content-Security-Policy (sync-server/src/guards.ts): every
 * screen that loads something unusual — the service worker, the notes editor with live carets,
 * DuckDB-WASM in a worker running SQL — works with no CSP violation and no page error. And the
 * signed-in app cannot be framed, not even by a page of the same site.
 */

interface Problems {
  list: string[];
}

/** Records every CSP violation (in the page, by event and console) and every uncaught page error. */
async function watch(ctx: BrowserContext, page: Page): Promise<Problems> {
  const problems: Problems = { list: [] };
  await ctx.exposeBinding("__cspViolation", (_source, text: string) => problems.list.push(text));
  await ctx.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __cspViolation?: (t: string) => void }).__cspViolation;
      report?.(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.list.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.list.push(`page error: ${err.message}`));
  return problems;
}

test("the app runs under its CSP: accounts, notes, analytics and a SQL query, without a violation", async ({
  browser,
  server,
  team,
}) => {
  const ctx = await signedInContext(browser, server, team.owner);
  const page = await ctx.newPage();
  const app = new App(page);
  const problems = await watch(ctx, page);
  const response = await page.goto(server.url);
  const csp = response!.headers()["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
  await expect(app.nav("Accounts")).toBeVisible();
  // The service worker is a script of this origin too.
  await page.evaluate(() => navigator.serviceWorker.ready);

  await app.accounts.create({ Name: "Contoso", Website: "contoso.example" });
  const notes = app.record.notes;
  await notes.click();
  await page.keyboard.type("Met the buyer. ", { delay: 10 });
  await expect(notes).toContainText("Met the buyer.");
  // A second person on the same notes: live carets and presence (inline styles set by script).
  const other = new App(await openApp(await signedInContext(browser, server, team.editor), server));
  await other.accounts.goto();
  await other.accounts.link("Contoso").click();
  await other.record.notes.click();
  await other.page.keyboard.type("Sent the quote. ", { delay: 10 });
  await expect(page.locator(".collaboration-carets__label", { hasText: team.editor.name })).toBeVisible();
  await expect(notes).toContainText("Sent the quote.");
  await other.page.context().close();

  await app.shell.goTo("Analytics");
  await expect(page.getByRole("region", { name: "Customer lifetime value", exact: true })).toBeVisible({
    timeout: 60_000,
  });
  await page.getByRole("link", { name: "SQL console" }).click();
  await expect(app.sql.editor).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/On this device: .*accounts 1\b/)).toBeVisible({ timeout: 30_000 });
  await app.sql.run("SELECT name, website FROM accounts");
  await expect(app.sql.result.getByRole("cell", { name: "Contoso", exact: true })).toBeVisible({ timeout: 30_000 });
  // Parquet out and back in (hyparquet, Arrow built without eval).
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export Parquet" }).click();
  const bytes = readFileSync((await (await download).path())!);
  const drop = await page.evaluateHandle(
    (data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], "Back.parquet"));
      return dt;
    },
    [...bytes],
  );
  await page.getByTestId("sql-console").dispatchEvent("drop", { dataTransfer: drop });
  await expect(page.getByText("Back.parquet is now table back (1 row).")).toBeVisible();

  // Every section of the app.
  for (const section of ["Contacts", "Sales", "Cases", "Activities", "Data"]) {
    await app.shell.goTo(section);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  }
  await app.shell.openSettings();
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();

  // The team page, and a reload of the app from the service worker.
  await app.team.goto();
  await expect(page.getByRole("heading", { level: 1, name: /^Team · / })).toBeVisible();
  await page.reload();
  await expect(app.nav("Accounts")).toBeVisible();

  expect(problems.list).toEqual([]);
  await ctx.close();
});

test("no page, not even one of the same site, can frame the signed-in Team page", async ({ browser, server, team }) => {
  const ctx = await signedInContext(browser, server, team.owner);
  const page = await ctx.newPage();
  // Another origin of the same site (127.0.0.1, another port): the SameSite=Lax session cookie
  // goes along with the framed request, so without frame-ancestors it shows the Team page.
  const attacker: Server = createServer((_req, res) => {
    res.setHeader("Content-Type", "text/html");
    res.end(`<!doctype html><iframe name="victim" src="${server.url}/team" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  const refused = page.waitForEvent("console", (msg) => /frame-ancestors/.test(msg.text()));
  // `goto` waits for the load event, which waits for the frame (loaded or refused).
  await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
  await refused;
  const frame = page.frame({ name: "victim" })!;
  await expect(frame.getByRole("heading", { name: /^Team · / })).toHaveCount(0);
  await expect(frame.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  // The same page opened directly is the signed-in Team page.
  await page.goto(`${server.url}/team`);
  await expect(page.getByRole("heading", { level: 1, name: /^Team · / })).toBeVisible();
  await ctx.close();
  attacker.close();
});
