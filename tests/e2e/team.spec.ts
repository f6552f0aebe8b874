import { encodeUpdate, wrapForDoc } from "@crm/protocol";
import * as Y from "yjs";
import { PASSWORD } from "../support/team.js";
import { App, expect, InvitePage, SetupPage, SignInPage, test } from "./fixtures.js";

test("a newcomer on a fresh server sets it up and lands in an empty workspace that says what to do", async ({
  browser,
  server,
}) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url);
  const setup = new SetupPage(page);
  await expect(setup.heading).toBeVisible();
  await setup.fill({
    name: "Grace Hopper",
    email: "grace@example.test",
    password: "password1234",
    workspace: "Navy Sales",
  });
  await setup.submit.click();
  // A common password is refused at the field, in words.
  await expect(page.getByText(/Choose a stronger password/)).toBeVisible();
  await setup.password.fill(PASSWORD);
  await setup.submit.click();
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
  const signIn = new SignInPage(owner);
  await expect(signIn.heading).toBeVisible();
  await signIn.signIn(team.owner.email, "not the password");
  await expect(owner.getByText("Email or password is wrong.")).toBeVisible();
  await signIn.password.fill(PASSWORD);
  await signIn.submit.click();
  const ownerApp = new App(owner);
  await ownerApp.accounts.create({ Name: "Globex", Email: "sales@globex.test" });

  // … invites a viewer from the Team page …
  const link = await ownerApp.team.invite("viewer");

  // … who joins through the link.
  const viewerCtx = await browser.newContext();
  const viewer = await viewerCtx.newPage();
  await viewer.goto(link);
  await expect(viewer.getByText("You are invited to Acme Sales as Viewer.")).toBeVisible();
  await new InvitePage(viewer).accept({ name: "Vic Viewer", email: "vic@example.test", password: PASSWORD });
  const viewerApp = new App(viewer);
  await expect(viewerApp.accounts.link("Globex")).toBeVisible();
  await expect(viewer.getByText("You can view this workspace but not change it.")).toBeVisible();
  await expect(viewerApp.accounts.newButton).toBeDisabled();
  await viewerApp.accounts.open("Globex");
  await expect(viewer.getByRole("button", { name: "Edit" })).toBeDisabled();
  await expect(viewer.getByRole("button", { name: "Delete" })).toBeDisabled();
  await expect(viewerApp.record.notes).toHaveAttribute("contenteditable", "false");
  await expect(viewerApp.nav("Team")).toHaveCount(0);

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
  await ownerApp.accounts.goto();
  await expect(ownerApp.accounts.link("Globex")).toBeVisible();
  await expect(owner.getByRole("link", { name: "Forged Inc" })).toHaveCount(0);

  // The owner removes the viewer: the viewer's app says so and stops syncing.
  await ownerApp.team.goto();
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

test("sign out ends the session; the next sign-in opens the same workspace", async ({ a, ada, team }) => {
  await ada.accounts.create({ Name: "Initech" });
  await ada.shell.signOut();
  const signIn = new SignInPage(a);
  await expect(signIn.heading).toBeVisible();
  await a.reload();
  await expect(signIn.heading).toBeVisible();
  await signIn.signIn(team.owner.email, PASSWORD);
  await expect(ada.accounts.link("Initech")).toBeVisible();
});
