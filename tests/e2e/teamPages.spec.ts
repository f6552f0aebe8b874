import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { download, expect, test } from "./fixtures.js";

/*
 * The team pages and the contact's privacy actions through the typed API client
 * (web/src/runtime/api.ts, `hc<ApiRoutes>`), against the real server; and the built bundle, which
 * must carry that client but nothing of the server it is typed by.
 */

test("service tokens: a name is asked for, the token is shown once, listed, revoked; the audit log pages back", async ({
  a,
  ada,
  team,
  server,
}) => {
  await ada.team.goto();
  await a.getByRole("link", { name: "Service tokens" }).click();
  await expect(a.getByText("No service tokens yet.")).toBeVisible();
  const mint = a.getByRole("button", { name: "Create token" });
  await mint.click();
  await expect(a.getByText("Give the token a name, e.g. “nightly import”.")).toBeVisible();

  // Enter in the name field makes it (the role and expiry keep their defaults).
  const name = a.getByRole("textbox", { name: /^Name/ });
  await name.fill("nightly import");
  await name.press("Enter");
  const token = await a.getByLabel("Your new token").inputValue();
  expect(token).toMatch(/^crm_[a-z0-9]+_/);
  const row = a.getByRole("row", { name: /nightly import/ });
  await expect(row).toContainText("Editor");
  await expect(row).toContainText("Active");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  // The audit log: the newest first, by name; 100 a page, then "Show older entries".
  await a.getByRole("link", { name: "Audit log" }).click();
  const entries = a.getByRole("table").getByRole("row");
  await expect(entries.nth(1)).toContainText("Token revoked");
  await expect(entries.nth(1)).toContainText(team.owner.name);
  await expect(entries.nth(2)).toContainText("Token created");
  for (let i = 0; i < 100; i++) {
    const res = await a.request.post(`${server.url}/api/workspaces/${team.workspace}/tokens`, {
      data: { name: `bulk ${i}`, role: "viewer" },
    });
    expect(res.status()).toBe(201);
  }
  await a.reload();
  await expect(entries).toHaveCount(101); // the header and a page
  await a.getByRole("button", { name: "Show older entries" }).click();
  await expect(entries.last()).toContainText("Set up the server");
  await expect(a.getByRole("button", { name: "Show older entries" })).toHaveCount(0);
});

test("an owner changes a member's role; a contact's personal data is exported and erased", async ({ a, ada, team }) => {
  await ada.team.goto();
  const role = a.getByRole("combobox", { name: `Role of ${team.editor.name}` });
  await role.selectOption("viewer");
  await a.reload();
  await expect(a.getByRole("combobox", { name: `Role of ${team.editor.name}` })).toHaveValue("viewer");

  await ada.accounts.create({ Name: "Initech" });
  await ada.contacts.create({ "First name": "Peter", "Last name": "Gibbons" }, "Initech");
  await expect(ada.record.heading("Peter Gibbons")).toBeVisible();
  await expect(ada.saveState).toHaveText(/Synced/);

  const exported = JSON.parse((await download(a.getByRole("button", { name: "Export personal data" }))).text);
  expect(exported).toMatchObject({ kind: "contact", record: { firstName: "Peter", lastName: "Gibbons" } });

  a.once("dialog", (d) => void d.accept());
  await a.getByRole("button", { name: "Erase personal data" }).click();
  // Erased: the record is gone here too (its content and the contact page with it).
  await expect(a.getByText("This record does not exist or was deleted.")).toBeVisible();
  await ada.team.openAuditLog();
  await expect(a.getByRole("row", { name: /Personal data erased/ })).toBeVisible();
  await expect(a.getByRole("row", { name: /Personal data exported/ })).toBeVisible();
});

test("the team pages say so when the server cannot be reached", async ({ a, ada, server }) => {
  await ada.team.goto();
  await expect(a.getByRole("row", { name: /Bo Editor/ })).toBeVisible();
  await server.stop();
  await a.getByRole("link", { name: "Service tokens" }).click();
  await expect(a.getByText("The server cannot be reached; team settings need it.", { exact: false })).toBeVisible();
  await a.getByRole("link", { name: "Members" }).click();
  await a.getByRole("button", { name: "Create invite link" }).click();
  await expect(a.getByText("The server cannot be reached; team settings need it.", { exact: false })).toBeVisible();
  await expect(ada.team.inviteLink).toHaveCount(0);
});

test("the built app carries the typed client but none of the server's code", () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const assets = join(root, "web/dist/assets");
  const bundle = readdirSync(assets)
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(join(assets, f), "utf8"))
    .join("\n");
  const server = ["index.ts", "tokens.ts", "knownDevice.ts", "validate.ts", "errors.ts"]
    .map((f) => readFileSync(join(root, "sync-server/src/api", f), "utf8"))
    .join("\n");
  // Strings of the server's route modules and what they import (zod-validator, hono's server side).
  for (const text of [
    "requests from this origin are not allowed",
    "only an owner can mint an owner token",
    "known-device",
    "zValidator",
    "the request body is not valid JSON",
  ]) {
    expect(server, text).toContain(text);
    expect(bundle, text).not.toContain(text);
  }
  expect(bundle).not.toContain("Malformed JSON in request body"); // hono/validator
  expect(bundle).not.toContain("better-sqlite3");
  // The client itself is there: Hono's path-parameter substitution.
  expect(bundle).toContain("(?:{[^/]+})?");
});
