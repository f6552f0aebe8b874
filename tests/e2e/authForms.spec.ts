import type { Page } from "@playwright/test";
import { PASSWORD } from "../support/team.js";
import { AppShell, expect, SetupPage, SignInPage, test } from "./fixtures.js";

/*
 * Setup and sign-in check themselves as the server does — every message at its field, in words,
 * in English and Chinese, before any round trip — and show the server's refusals at their field.
 */

/** Counts the POSTs the page sends to `path`. */
function countPosts(page: Page, path: string): { n: number } {
  const seen = { n: 0 };
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === path) seen.n++;
  });
  return seen;
}

test("setup names every wrong field at once, before asking the server, then the server's refusal at its field", async ({
  browser,
  server,
}) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const posts = countPosts(page, "/api/setup");
  await page.goto(server.url);
  const setup = new SetupPage(page);
  await expect(setup.heading).toBeVisible();
  const { name, email, password, workspace, submit } = setup;

  await submit.click();
  await expect(name).toHaveAccessibleDescription("This field is required.");
  await expect(email).toHaveAccessibleDescription("This field is required.");
  await expect(password).toHaveAccessibleDescription(/^This field is required\./);
  await expect(workspace).toHaveAccessibleDescription(/^This field is required\./);
  await expect(name).toBeFocused();

  await name.fill("Grace Hopper");
  await email.fill("grace@");
  await password.fill("short");
  await workspace.fill("Navy Sales");
  await submit.click();
  await expect(email).toHaveAccessibleDescription("Enter an email address like name@example.com.");
  await expect(password).toHaveAccessibleDescription(/^Use at least 12 characters\./);
  await expect(name).not.toHaveAttribute("aria-invalid", "true");
  await expect(email).toBeFocused();
  await email.fill("grace@example.test");
  await password.fill("graceful-hopper-99");
  await submit.click();
  await expect(password).toHaveAccessibleDescription(
    /^Choose a stronger password: don't put your name or email in it\./,
  );
  expect(posts.n).toBe(0);

  // A common password: only the server knows the list; its refusal is shown at the field too.
  await password.fill("password1234");
  await submit.click();
  await expect(password).toHaveAccessibleDescription(/^Choose a stronger password: this one is among the most common/);
  expect(posts.n).toBe(1);
  await expect(name).not.toHaveAttribute("aria-invalid", "true");

  await password.fill(PASSWORD);
  await submit.click();
  await expect(page.getByRole("heading", { name: "No accounts yet" })).toBeVisible();
  await ctx.close();
});

test("setup speaks Chinese at every field", async ({ browser, server }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url);
  await new AppShell(page).setLanguage("zh");
  await expect(page.getByRole("heading", { name: "设置你的 CRM" })).toBeVisible();
  await page.getByLabel("邮箱").fill("not-an-email");
  await page.getByLabel("密码").fill("aaaaaaaaaaaaaaa");
  await page.getByRole("button", { name: "创建账号和工作区" }).click();
  await expect(page.getByLabel("你的名字")).toHaveAccessibleDescription("此项为必填。");
  await expect(page.getByLabel("邮箱")).toHaveAccessibleDescription("请输入有效的电子邮箱，例如 name@example.com。");
  await expect(page.getByLabel("密码")).toHaveAccessibleDescription(
    /^请换一个更安全的密码：这个密码用到的不同字符太少。/,
  );
  await expect(page.getByLabel("工作区名称")).toHaveAccessibleDescription(/^此项为必填。/);
  await ctx.close();
});

test("sign-in checks its fields first, shows a wrong password at the password field, and says how long to wait", async ({
  browser,
  server,
  team,
}) => {
  // The owner signed in on their own browser before (and signed out): it is known for the account.
  const own = await browser.newContext();
  const owner = await own.newPage();
  await owner.goto(server.url);
  const ownerSignIn = new SignInPage(owner);
  const ownerShell = new AppShell(owner);
  await ownerSignIn.signIn(team.owner.email, PASSWORD);
  await expect(ownerShell.navLink("Accounts")).toBeVisible();
  await ownerShell.signOut();
  await expect(ownerSignIn.heading).toBeVisible();

  // Someone else, from the same address (one machine, or one office behind NAT), guesses.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const posts = countPosts(page, "/api/sign-in");
  await page.goto(server.url);
  const { heading, email, password, submit } = new SignInPage(page);
  await expect(heading).toBeVisible();

  await submit.click();
  await expect(email).toHaveAccessibleDescription("This field is required.");
  await expect(password).toHaveAccessibleDescription("This field is required.");
  await email.fill("ada@example");
  await password.fill("anything");
  await submit.click();
  await expect(email).toHaveAccessibleDescription("Enter an email address like name@example.com.");
  expect(posts.n).toBe(0);

  await email.fill(team.owner.email);
  for (let i = 0; i < 5; i++) {
    await password.fill(`wrong password ${i}`);
    await submit.click();
    await expect(password).toHaveAccessibleDescription("Email or password is wrong.");
    await expect(submit).toBeEnabled();
  }
  // This browser has guessed five times: it waits, and is told how long.
  await password.fill(PASSWORD);
  await submit.click();
  await expect(page.getByRole("alert")).toHaveText("Too many failed sign-ins. Try again in 15 minutes.");

  // The owner's own browser is not locked out by it.
  await ownerSignIn.signIn(team.owner.email, PASSWORD);
  await expect(ownerShell.navLink("Accounts")).toBeVisible();
  await own.close();
  await ctx.close();
});
