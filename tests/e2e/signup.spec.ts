import { type SmtpSink, smtpSink } from "@crm/peer/mail/testing";
import { simpleParser } from "mailparser";
import { ServerProcess } from "../support/serverProcess.js";
import { test as base, expect } from "./fixtures.js";

/*
 * Double opt-in as a visitor and the team see it: the owner finds the hosted sign-up form and its
 * embeddable snippet in Settings → Sign-up form; a visitor (no account, no cookie) fills the form
 * by keyboard — a wrong field is named — and gets a confirmation email through real SMTP (the
 * `smtp-server` package on 127.0.0.1); the link's button confirms, a second use is refused, and
 * the contact is "Subscribed" in the app with its consent history in the REST API.
 */

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

test("the hosted form signs a visitor up with double opt-in; the link confirms once", async ({
  ada,
  browser,
  server,
  team,
}) => {
  await ada.shell.openSettings();
  await ada.page.getByRole("link", { name: "Sign-up form" }).press("Enter");
  const link = ada.page.getByTestId("signup-url");
  await expect(link).toBeVisible();
  const url = (await link.getAttribute("href"))!;
  expect(url).toBe(`${server.url}/api/v1/public/${team.workspace}/signup?lang=en`);
  await expect(ada.page.getByLabel("Embeddable HTML")).toHaveValue(
    new RegExp(`action="${server.url}/api/v1/public/${team.workspace}/signup"`),
  );
  await expect(ada.page.getByRole("button", { name: /Copy · the HTML snippet/ })).toBeVisible();

  // A visitor: a browser of their own, signed in nowhere.
  const ctx = await browser.newContext();
  const visitor = await ctx.newPage();
  await visitor.goto(url);
  await expect(visitor.getByRole("heading", { name: "Subscribe to our email" })).toBeVisible();
  await visitor.getByLabel("Email *").focus();
  await visitor.keyboard.type("grace@localhost");
  await visitor.keyboard.press("Tab");
  await visitor.keyboard.type("Grace");
  await visitor.keyboard.press("Tab");
  await visitor.keyboard.type("Hopper");
  await visitor.getByRole("checkbox", { name: "Newsletter" }).check();
  await visitor.getByRole("checkbox", { name: /Yes, send me marketing email/ }).check();
  await visitor.getByRole("button", { name: "Subscribe" }).press("Enter");
  // The browser takes "grace@localhost"; the server does not, and says which field.
  await expect(
    visitor.getByRole("alert").filter({ hasText: "Enter an email address like name@example.com." }),
  ).toBeVisible();
  await expect(visitor.getByLabel("Email *")).toHaveAttribute("aria-invalid", "true");
  await expect(visitor.getByLabel("First name")).toHaveValue("Grace");
  await visitor.getByLabel("Email *").fill("grace@example.org");
  await visitor.getByRole("checkbox", { name: /Yes, send me marketing email/ }).check();
  await visitor.getByRole("button", { name: "Subscribe" }).press("Enter");
  await expect(visitor.getByRole("status")).toHaveText(/we sent you an email/);

  await expect
    .poll(() => sink.messages.filter((m) => m.to.includes("grace@example.org")).length, { timeout: 20_000 })
    .toBe(1);
  const mail = await simpleParser(sink.messages.find((m) => m.to.includes("grace@example.org"))!.raw);
  expect(mail.subject).toBe("Please confirm your subscription");
  const confirmUrl = /https?:\/\/\S+\/confirm\?token=\S+/.exec(mail.text ?? "")![0];

  // The team sees the contact as unconfirmed until the link is used.
  await ada.contacts.goto();
  await ada.page.getByRole("link", { name: "Hopper" }).click();
  await expect(ada.page.getByTestId("email-status")).toHaveText("Unconfirmed");

  await visitor.goto(confirmUrl);
  await visitor.getByRole("button", { name: "Confirm subscription" }).press("Enter");
  await expect(visitor.getByRole("status")).toHaveText("Thank you: your subscription is confirmed.");
  await expect(ada.page.getByTestId("email-status")).toHaveText("Subscribed", { timeout: 20_000 });
  // The history on the contact's page: both steps, the wording agreed to.
  const history = ada.page.getByRole("table", { name: "Consent history" });
  await expect(history.getByRole("row")).toHaveCount(3);
  await expect(history).toContainText("Confirmation link");
  await expect(history).toContainText("Sign-up form");

  // The link works once.
  await visitor.goto(confirmUrl);
  await visitor.getByRole("button", { name: "Confirm subscription" }).press("Enter");
  await expect(visitor.getByRole("status")).toHaveText(/already used/);

  // Each step is a consent record.
  const contactId = ada.page.url().split("/").pop()!;
  await expect
    .poll(async () => {
      const res = await ada.page.request.get(
        `${server.url}/api/v1/consents?filter[contactId][is]=${contactId}&sort=at`,
        { headers: { "CRM-Workspace": team.workspace } },
      );
      return ((await res.json()).data as { toStatus: string; method: string }[]).map(
        (c) => `${c.toStatus}/${c.method}`,
      );
    })
    .toEqual(["unconfirmed/form", "subscribed/confirmationLink"]);

  // The page in Chinese.
  await visitor.goto(url.replace("lang=en", "lang=zh"));
  await expect(visitor.getByRole("heading", { name: "订阅我们的邮件" })).toBeVisible();
  await ctx.close();
});
