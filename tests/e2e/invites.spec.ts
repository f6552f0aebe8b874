import { PASSWORD } from "../support/team.js";
import { AppShell, expect, InvitePage, test } from "./fixtures.js";

/*
 * The join screen: an invite made for an address works for a new person with that address (and
 * only them), every refusal shows at the field it concerns, a signed-in member with another address
 * is told so plainly, and someone with an account signs in and joins from the link.
 */

test("a new person accepts an invite made for their address; refusals show at their field", async ({
  ada,
  browser,
}) => {
  const link = await ada.team.invite("editor", "nina@example.test");
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(link);
  await expect(page.getByText("You are invited to Acme Sales as Editor.")).toBeVisible();
  const join = new InvitePage(page);
  const { email, password } = join;
  await expect(email).toHaveValue("nina@example.test");
  await expect(email).toHaveAccessibleDescription(/This invite is for nina@example.test/);

  // A common password passes the form's own checks; the server refuses it, at the password field.
  await join.accept({ name: "Nina New", password: "password1234" });
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(/Choose a stronger password: this one is among the most common/);
  await expect(password).toBeFocused();

  // Another address is refused at the email field, with the address the invite is for.
  await email.fill("someone-else@example.test");
  await password.fill(PASSWORD);
  await join.join.click();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription(
    /This invite is for nina@example.test. Use that address, or ask for an invite for yours./,
  );
  await expect(email).toBeFocused();

  // The invite's own address, a strong password: in.
  await email.fill("nina@example.test");
  await join.join.click();
  await expect(new AppShell(page).navLink("Accounts")).toBeVisible();
  await expect(page.locator(".me")).toHaveAttribute("title", /nina@example.test/);

  // The link is used up: opening it again says so.
  const again = await browser.newContext();
  const other = await again.newPage();
  await other.goto(link);
  await expect(other.getByRole("alert")).toHaveText("This invite link was already used. Sign in instead.");
  await again.close();
  await ctx.close();
});

test("a signed-in member with another address is told so, and can sign out to join as the invited person", async ({
  ada,
  b,
  team,
}) => {
  const link = await ada.team.invite("viewer", "zoe@example.test");
  await b.goto(link);
  await expect(b.getByRole("alert")).toHaveText(
    `This invite is for zoe@example.test, but you are signed in as ${team.editor.email}. Sign out, then join with zoe@example.test.`,
  );
  await expect(b.getByRole("button", { name: /^Join/ })).toHaveCount(0);
  // The server refuses it anyway, whatever the page shows.
  const refused = await b.evaluate(async (path) => {
    const res = await fetch(`/api${path.replace("/invite/", "/invites/")}/accept`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    return { status: res.status, body: await res.json() };
  }, new URL(link).pathname);
  expect(refused).toMatchObject({ status: 403, body: { error: { code: "invite-other-account" } } });

  await b.getByRole("button", { name: "Sign out to join as zoe@example.test" }).click();
  const join = new InvitePage(b);
  await expect(join.email).toHaveValue("zoe@example.test");
  await join.accept({ name: "Zoe Zhang", password: PASSWORD });
  await expect(b.getByText("You can view this workspace but not change it.")).toBeVisible();
  await expect(b.locator(".me")).toHaveAttribute("title", /zoe@example.test/);
});

test("someone with an account signs in on the invite page and joins with the invited role", async ({
  ada,
  browser,
  team,
}) => {
  const link = await ada.team.invite("admin", team.editor.email);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(link);
  // The address has an account: the page offers to sign in with it.
  await expect(page.getByText("Sign in with your account to join.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(team.editor.email);
  const password = page.getByLabel("Password");
  await expect(password).toBeFocused();
  await password.fill("not the password at all");
  await page.getByRole("button", { name: "Sign in and join Acme Sales" }).click();
  await expect(password).toHaveAccessibleDescription("Email or password is wrong.");
  await password.fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in and join Acme Sales" }).click();
  // Admins see the Team pages: the editor became an admin.
  await expect(new AppShell(page).navLink("Team")).toBeVisible();
  await ctx.close();
});

test("the join screen works from the keyboard and in Chinese", async ({ ada, browser }) => {
  const link = await ada.team.invite("editor", "");
  const ctx = await browser.newContext({ locale: "zh-CN" });
  const page = await ctx.newPage();
  await page.goto(link);
  await expect(page.getByText("你被邀请以编辑者身份加入 Acme Sales。")).toBeVisible();
  // The name field has the focus; Enter submits the empty form: every field says what it needs.
  await expect(page.getByLabel("你的名字")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("你的名字")).toHaveAccessibleDescription("此项为必填。");
  await expect(page.getByLabel("邮箱")).toHaveAccessibleDescription("此项为必填。");
  await expect(page.getByLabel("密码")).toHaveAccessibleDescription(/^此项为必填。/);
  await page.keyboard.type("Li Lei");
  await page.keyboard.press("Tab");
  await page.keyboard.type("lilei@example.test");
  await page.keyboard.press("Tab");
  await page.keyboard.type("short");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("密码")).toHaveAccessibleDescription(/^至少需要 12 个字符。/);
  await page.keyboard.press("Control+A");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
  await ctx.close();
});
