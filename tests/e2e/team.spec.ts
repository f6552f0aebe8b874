import { encodeUpdate, wrapForDoc } from "@crm/protocol";
import * as Y from "yjs";
import { PASSWORD } from "../support/team.js";
import { createAccount, expect, nav, openAccount, test } from "./fixtures.js";

test("a newcomer on a fresh server sets it up and lands in an empty workspace that says what to do", async ({
  browser,
  server,
}) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url);
  await expect(page.getByRole("heading", { name: "Set up your CRM" })).toBeVisible();
  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel("Email").fill("grace@example.test");
  await page.getByLabel("Password").fill("password1234");
  await page.getByLabel("Workspace name").fill("Navy Sales");
  await page.getByRole("button", { name: "Create account and workspace" }).click();
  // A common password is refused at the field, in words.
  await expect(page.getByText(/Choose a stronger password/)).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account and workspace" }).click();
  await expect(page.getByRole("heading", { name: "No accounts yet" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Workspace" })).toHaveValue(/.+/);
  await expect(page.locator(".me")).toHaveAttribute("title", /grace@example.test/);
  await ctx.close();
});

test("sign in, invite a viewer: the viewer sees records but cannot edit, and the server refuses a crafted write", async ({
  browser,
  server,
  team,
}) => {
  // The owner signs in through the page.
  const ownerCtx = await browser.newContext();
  const owner = await ownerCtx.newPage();
  await owner.goto(server.url);
  await expect(owner.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await owner.getByLabel("Email").fill(team.owner.email);
  await owner.getByLabel("Password").fill("not the password");
  await owner.getByRole("button", { name: "Sign in" }).click();
  await expect(owner.getByText("Email or password is wrong.")).toBeVisible();
  await owner.getByLabel("Password").fill(PASSWORD);
  await owner.getByRole("button", { name: "Sign in" }).click();
  await createAccount(owner, { Name: "Globex", Email: "sales@globex.test" });

  // … invites a viewer from the Team page …
  await nav(owner, "Team").click();
  await owner.getByRole("combobox", { name: "Role", exact: true }).selectOption("viewer");
  await owner.getByRole("button", { name: "Create invite link" }).click();
  const link = await owner.getByLabel("Invite link").inputValue();
  expect(link).toContain("/invite/");

  // … who joins through the link.
  const viewerCtx = await browser.newContext();
  const viewer = await viewerCtx.newPage();
  await viewer.goto(link);
  await expect(viewer.getByText("You are invited to Acme Sales as Viewer.")).toBeVisible();
  await viewer.getByLabel("Your name").fill("Vic Viewer");
  await viewer.getByLabel("Email").fill("vic@example.test");
  await viewer.getByLabel("Password").fill(PASSWORD);
  await viewer.getByRole("button", { name: "Join Acme Sales" }).click();
  await expect(viewer.getByRole("link", { name: "Globex", exact: true })).toBeVisible();
  await expect(viewer.getByText("You can view this workspace but not change it.")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "New account" })).toBeDisabled();
  await openAccount(viewer, "Globex");
  await expect(viewer.getByRole("button", { name: "Edit" })).toBeDisabled();
  await expect(viewer.getByRole("button", { name: "Delete" })).toBeDisabled();
  await expect(viewer.getByRole("textbox", { name: "Notes" })).toHaveAttribute("contenteditable", "false");
  await expect(nav(viewer, "Team")).toHaveCount(0);

  // A crafted write through the viewer's own socket (its session cookie) is refused by the server.
  const forged = new Y.Doc();
  const rec = new Y.Map<unknown>();
  forged.getMap("records").set("forged", rec);
  rec.set("id", "forged");
  rec.set("name", "Forged Inc");
  const frame = [...wrapForDoc(`${team.workspace}/records/accounts/00`, encodeUpdate(Y.encodeStateAsUpdate(forged)))];
  const replies = await viewer.evaluate(async (bytes) => {
    const ws = new WebSocket(`ws://${location.host}/sync`);
    ws.binaryType = "arraybuffer";
    const got: string[] = [];
    ws.onmessage = (m) => got.push(new TextDecoder().decode(new Uint8Array(m.data as ArrayBuffer)));
    await new Promise((r) => {
      ws.onopen = r;
    });
    ws.send(new Uint8Array(bytes));
    const end = Date.now() + 3000;
    while (!got.some((g) => g.includes("read-only")) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    ws.close();
    return got;
  }, frame);
  expect(replies.some((r) => r.includes("read-only"))).toBe(true);
  await nav(owner, "Accounts").click();
  await expect(owner.getByRole("link", { name: "Globex", exact: true })).toBeVisible();
  await expect(owner.getByRole("link", { name: "Forged Inc" })).toHaveCount(0);

  // The owner removes the viewer: the viewer's app says so and stops syncing.
  await nav(owner, "Team").click();
  owner.once("dialog", (d) => void d.accept());
  await owner
    .getByRole("row", { name: /Vic Viewer/ })
    .getByRole("button", { name: "Remove" })
    .click();
  await expect(viewer.getByText("You no longer have access to Acme Sales.", { exact: false })).toBeVisible({
    timeout: 5000,
  });
  await ownerCtx.close();
  await viewerCtx.close();
});

test("sign out ends the session; the next sign-in opens the same workspace", async ({ a, team }) => {
  await createAccount(a, { Name: "Initech" });
  await a.getByRole("button", { name: "Sign out" }).click();
  await expect(a.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await a.reload();
  await expect(a.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await a.getByLabel("Email").fill(team.owner.email);
  await a.getByLabel("Password").fill(PASSWORD);
  await a.getByRole("button", { name: "Sign in" }).click();
  await expect(a.getByRole("link", { name: "Initech", exact: true })).toBeVisible();
});
