import { headerOf } from "@crm/peer/mail/testing";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer/index.js";
import { expect } from "./fixtures.js";
import { DOMAIN, mailTest as test } from "./mailFixtures.js";

/*
 * An agent answers a customer's email from the case page: the mail arrives at the server's SMTP
 * listener, the agent types a reply under the conversation and presses Ctrl+Enter, the reply
 * shows in the thread and reaches an SMTP sink this test runs, threaded on the customer's
 * Message-ID and sent from the workspace's support address.
 */

function sendMail(port: number, mail: Mail.Options) {
  return nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true }).sendMail(mail);
}

test("an agent replies from the case page with Ctrl+Enter; the customer gets it threaded from the support address", async ({
  ada,
  a,
  team,
  smtpPort,
  sink,
}) => {
  await ada.cases.goto();
  await expect(ada.cases.newButton).toBeVisible();
  await expect
    .poll(
      async () =>
        sendMail(smtpPort, {
          from: '"Linus Customer" <linus@kernel.example>',
          to: `${team.workspace}@${DOMAIN}`,
          subject: "Build fails on ARM",
          text: "The build fails with an illegal instruction.",
          messageId: "<arm-1@kernel.example>",
        }).then(
          () => true,
          () => false,
        ),
      { timeout: 20_000 },
    )
    .toBe(true);
  await a.getByRole("link", { name: "Build fails on ARM" }).click({ timeout: 20_000 });
  const conversation = a.getByRole("region", { name: "Conversation" });
  await expect(conversation.getByText("The build fails with an illegal instruction.")).toBeVisible();

  const box = conversation.getByRole("textbox", { name: "Reply to the customer" });
  const send = conversation.getByRole("button", { name: "Send" });
  await expect(send).toBeDisabled();
  await box.focus();
  await a.keyboard.type("Hello Linus,\nplease try the -march=armv8-a flag.");
  await expect(send).toBeEnabled();
  await a.keyboard.press("Control+Enter");

  await expect(conversation.getByRole("status")).toHaveText("Sent by email to linus@kernel.example.");
  await expect(box).toHaveValue("");
  // The outbound entry, live in the thread (its HTML body in the conversation's sandboxed frame).
  const reply = conversation.getByRole("article", { name: /^Re: Build fails on ARM \[#CASE-/ });
  await expect(reply).toBeVisible();
  await expect(reply).toContainText("Reply");
  await expect(reply).toContainText(`Acme Help <${team.workspace}@${DOMAIN}>`);
  await expect(reply.frameLocator("iframe").getByText("please try the -march=armv8-a flag.")).toBeVisible();

  await expect.poll(() => sink.messages.length, { timeout: 20_000 }).toBe(1);
  const raw = sink.messages[0]!.raw;
  expect(sink.messages[0]!.to).toEqual(["linus@kernel.example"]);
  expect(headerOf(raw, "From")).toBe(`Acme Help <${team.workspace}@${DOMAIN}>`);
  expect(headerOf(raw, "In-Reply-To")).toBe("<arm-1@kernel.example>");
  expect(headerOf(raw, "Subject")).toMatch(/^Re: Build fails on ARM \[#CASE-[a-z0-9]+\]$/);
});

test("a reply the server refuses names the problem (a case without a customer address)", async ({ ada, a }) => {
  await ada.cases.create("Walk-in question");
  const conversation = a.getByRole("region", { name: "Conversation" });
  await conversation.getByRole("textbox", { name: "Reply to the customer" }).fill("Hi");
  await conversation.getByRole("button", { name: "Send" }).click();
  await expect(conversation.getByRole("alert")).toContainText(
    "The reply was not sent: the case has no customer address",
  );
});
