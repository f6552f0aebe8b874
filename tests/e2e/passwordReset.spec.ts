import { headerOf, type SmtpSink, smtpSink } from "@crm/peer/mail/testing";
import { simpleParser } from "mailparser";
import { ServerProcess } from "../support/serverProcess.js";
import { PASSWORD } from "../support/team.js";
import { AppShell, test as base, expect, InvitePage, SignInPage } from "./fixtures.js";

/*
 * Mail a person receives: the server runs with SMTP_URL pointing at a real SMTP server this test
 * runs on 127.0.0.1 (the `smtp-server` package). "Forgot password?" mails a link; the test reads
 * the mail, opens the link, chooses a password and signs in with it; the link does not work twice.
 * An invite made for an address arrives by email and its link opens the join screen.
 */

const NEW_PASSWORD = "copper-lantern-meadow-77";

let sink: SmtpSink;
const test = base.extend({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function destructures
  server: async ({}, use) => {
    sink = await smtpSink();
    const server = await ServerProcess.start({ env: { SMTP_URL: sink.url, MAIL_FROM: "CRM <crm@example.test>" } });
    await use(server);
    await server.dispose();
    await sink.close();
  },
});

/** The one message the sink received for `to`, parsed. */
async function mailTo(to: string) {
  await expect.poll(() => sink.messages.filter((m) => m.to.includes(to)).length, { timeout: 20_000 }).toBe(1);
  const raw = sink.messages.find((m) => m.to.includes(to))!.raw;
  return { raw, parsed: await simpleParser(raw) };
}

test("Forgot password: the mailed link sets a new password once, and it signs in", async ({
  browser,
  server,
  team,
}) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url);
  const signIn = new SignInPage(page);
  await expect(signIn.heading).toBeVisible();

  // Keyboard: from the email field to "Forgot password?".
  await signIn.email.focus();
  const forgot = page.getByRole("link", { name: "Forgot password?" });
  for (let i = 0; i < 6 && !(await forgot.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press("Tab");
  await expect(forgot).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(team.owner.email);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toHaveText(
    `If an account with ${team.owner.email} exists, a link to reset its password is on its way. Check your inbox (and the spam folder).`,
  );

  const { raw, parsed } = await mailTo(team.owner.email);
  expect(parsed.subject).toBe("Reset your CRM password · 重置你的 CRM 密码");
  expect(headerOf(raw, "Auto-Submitted")).toBe("auto-generated");
  const link = /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+/.exec(parsed.text ?? "")![0];
  expect(new URL(link).origin).toBe(new URL(server.url).origin);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  const password = page.getByLabel("Password");
  await expect(password).toBeFocused();
  await page.keyboard.type("password");
  await page.keyboard.press("Enter");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await password.fill(NEW_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByText("Your password was changed and every session was signed out.")).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).click();

  await expect(signIn.heading).toBeVisible();
  await signIn.signIn(team.owner.email, PASSWORD);
  await expect(page.getByText("Email or password is wrong.")).toBeVisible();
  await signIn.password.fill(NEW_PASSWORD);
  await signIn.submit.click();
  await expect(new AppShell(page).navLink("Accounts")).toBeVisible();

  // The link is used up.
  const again = await ctx.newPage();
  await again.goto(link);
  await expect(again.getByRole("alert")).toHaveText(
    "This reset link was already used. Ask for a new one if you need to reset again.",
  );
  await expect(again.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  await ctx.close();
});

test("an invite made for an address arrives by email and its link opens the join screen", async ({
  a,
  ada,
  browser,
}) => {
  const copied = await ada.team.invite("editor", "nina@example.test");
  await expect(a.getByRole("status").filter({ hasText: "sent by email" })).toHaveText(
    "The invite was sent by email to nina@example.test. You can also copy the link.",
  );
  const { parsed } = await mailTo("nina@example.test");
  expect(parsed.subject).toContain("Ada Owner invited you to Acme Sales");
  expect(parsed.html).toContain(copied);
  const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(parsed.text ?? "")![0];
  expect(link).toBe(copied);

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(link);
  await expect(page.getByText("You are invited to Acme Sales as Editor.")).toBeVisible();
  await new InvitePage(page).accept({ name: "Nina New", password: PASSWORD });
  await expect(new AppShell(page).navLink("Accounts")).toBeVisible();
  await ctx.close();
});
