import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer/index.js";
import { expect } from "./fixtures.js";
import { DOMAIN, inboundTest as test } from "./mailFixtures.js";
import { InboxPage } from "./pages/inboxPage.js";

/*
 * The agents' inbox (web/src/inbox): mail sent with a real SMTP client to the server's listener
 * appears live in the queue; the keyboard alone moves through it, assigns, replies and resolves;
 * two agents on one conversation see each other, and the one still writing is warned when the
 * other's reply goes out first.
 */

function sendMail(port: number, mail: Mail.Options) {
  return nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true }).sendMail(mail);
}

/** The listener answers once the server's peer runs its jobs: the first message may need retries. */
async function sendFirst(port: number, mail: Mail.Options) {
  await expect
    .poll(
      () =>
        sendMail(port, mail).then(
          () => true,
          () => false,
        ),
      { timeout: 20_000 },
    )
    .toBe(true);
}

test("mail arrives live in the inbox; j/k, assign, reply and resolve by keyboard", async ({ a, team, smtpPort }) => {
  const inbox = new InboxPage(a);
  await inbox.goto();
  const to = `${team.workspace}@${DOMAIN}`;
  await sendFirst(smtpPort, {
    from: '"Grace Hopper" <grace@navy.example>',
    to,
    subject: "Moth in relay 70",
    text: "There is a moth in relay 70.",
    messageId: "<moth-70@navy.example>",
  });
  // No reload: the case the server files shows in the open queue, with its last message.
  const moth = inbox.row("Moth in relay 70");
  await expect(moth).toBeVisible({ timeout: 20_000 });
  await expect(moth).toContainText("There is a moth in relay 70.");
  await expect(moth).toContainText("Unread");
  await expect(moth).toContainText("Unassigned");

  await sendMail(smtpPort, {
    from: '"Alan Turing" <alan@bletchley.example>',
    to,
    subject: "Bombe needs a reboot",
    text: "The bombe stopped at 3am.",
    messageId: "<bombe-1@bletchley.example>",
  });
  const bombe = inbox.row("Bombe needs a reboot");
  await expect(bombe).toBeVisible({ timeout: 20_000 });
  await expect(inbox.queue.getByRole("option")).toHaveCount(2);

  // j: the first (latest) conversation; j again the next; k back. Reading one clears its mark.
  await a.locator("body").press("j");
  await expect(inbox.title()).toHaveText("Bombe needs a reboot");
  await expect(bombe).toHaveAttribute("aria-selected", "true");
  await expect(bombe).not.toContainText("Unread");
  await a.locator("body").press("j");
  await expect(inbox.title()).toHaveText("Moth in relay 70");
  await expect(inbox.detail.getByText("There is a moth in relay 70.")).toBeVisible();
  await a.locator("body").press("k");
  await expect(inbox.title()).toHaveText("Bombe needs a reboot");
  await a.locator("body").press("ArrowDown");
  await expect(inbox.title()).toHaveText("Moth in relay 70");
  await expect(a).toHaveURL(/\/inbox\/[^/]+$/);

  // a: the assign dialog starts on "me"; Enter assigns. The queue row says who has it.
  await a.locator("body").press("a");
  const assign = a.getByRole("dialog", { name: /Assign/ });
  await expect(assign).toBeVisible();
  await expect(assign.getByRole("button", { name: /^Me/ })).toBeFocused();
  await a.keyboard.press("Enter");
  await expect(assign).toBeHidden();
  await expect(inbox.assignee).toContainText("(you)");
  await expect(moth).toContainText("(you)");
  await expect(inbox.tab(/^Mine \(1\)$/)).toBeVisible();
  await expect(inbox.tab(/^Unassigned \(1\)$/)).toBeVisible();

  // r: the reply box; Ctrl+Enter sends (to the outbox: this server has no SMTP_URL); the reply
  // shows in the thread (its HTML in the mail frame) and as the row's last message.
  await a.locator("body").press("r");
  await expect(inbox.replyBox()).toBeFocused();
  await a.keyboard.type("We found the moth and taped it into the log book.");
  await expect(inbox.replyBox()).toHaveValue("We found the moth and taped it into the log book.");
  await a.keyboard.press("Control+Enter");
  await expect(inbox.detail.getByRole("article", { name: /^Re: Moth in relay 70/ })).toBeVisible({
    timeout: 20_000,
  });
  await expect(moth).toContainText("You: We found the moth");
  // Esc leaves the reply box for the queue, where the keys act again.
  await inbox.replyBox().click();
  await a.keyboard.press("Escape");
  await expect(inbox.queue).toBeFocused();

  // e: resolve (the case page's satisfaction question, answered "without an answer").
  await a.keyboard.press("e");
  const csat = a.getByRole("dialog");
  await expect(csat).toBeVisible();
  await csat.getByRole("button", { name: "Resolve without an answer" }).click();
  await expect(inbox.detail.getByText("Resolved", { exact: true })).toBeVisible();
  // A resolved conversation leaves "All open"; "All" still has it.
  await expect(moth).toBeHidden();
  await expect(inbox.tab(/^All open \(1\)$/)).toBeVisible();
  await inbox.tab(/^All \(2\)$/).click();
  await expect(moth).toBeVisible();

  // ?: the shortcuts, closed with Esc; Ctrl+Shift+R resolves too, from the reply box.
  await inbox.queue.focus();
  await a.keyboard.press("?");
  const help = a.getByRole("dialog", { name: "Inbox keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("e or Ctrl+Shift+R");
  await a.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await bombe.click();
  await expect(inbox.title()).toHaveText("Bombe needs a reboot");
  await inbox.replyBox().click();
  await a.keyboard.press("Control+Shift+R");
  await expect(a.getByRole("dialog")).toBeVisible();
  await a.getByRole("button", { name: "Resolve without an answer" }).click();
  await expect(inbox.detail.getByText("Resolved", { exact: true })).toBeVisible();
  await expect(inbox.tab(/^All open \(0\)$/)).toBeVisible();
  await a.screenshot({ path: "/tmp/inbox-shots/inbox-en.png" });

  // In Chinese, the same screen.
  await a.getByRole("combobox", { name: /^(Language|语言)$/ }).selectOption("zh");
  await expect(a.getByRole("heading", { name: "收件箱", level: 1 })).toBeVisible();
  await expect(a.getByRole("listbox", { name: "会话" })).toBeVisible();
  await a.screenshot({ path: "/tmp/inbox-shots/inbox-zh.png" });
});

test("two agents on one conversation see each other typing, and a reply sent meanwhile is flagged", async ({
  a,
  b,
  team,
  smtpPort,
}) => {
  // The sender's domain is an account's: the case (and its conversation) belong to it.
  const made = await a.evaluate(
    async (ws) =>
      (
        await fetch("/api/v1/accounts", {
          method: "POST",
          headers: { "Content-Type": "application/json", "CRM-Workspace": ws },
          body: JSON.stringify({ name: "US Navy", website: "https://navy.example" }),
        })
      ).status,
    team.workspace,
  );
  expect(made).toBe(201);
  await sendFirst(smtpPort, {
    from: '"Grace Hopper" <grace@navy.example>',
    to: `${team.workspace}@${DOMAIN}`,
    subject: "Printer on fire",
    text: "Again.",
    messageId: "<fire-1@navy.example>",
  });
  const ada = new InboxPage(a);
  const bo = new InboxPage(b);
  await ada.goto();
  await bo.goto();
  await ada.row("Printer on fire").click();
  await bo.row("Printer on fire").click();
  await expect(ada.presence).toContainText("Bo Editor is also viewing this conversation", { timeout: 20_000 });
  await expect(bo.presence).toContainText(`${team.owner.name} is also viewing this conversation`);

  // Bo starts a reply: Ada sees him typing.
  await bo.replyBox().fill("Have you tried turning it off");
  await expect(ada.presence).toContainText("Bo Editor is typing a reply");
  // Ada answers first: Bo, still writing, is warned before he sends a second answer.
  await ada.replyBox().fill("Fire brigade is on the way.");
  await a.keyboard.press("Control+Enter");
  await expect(ada.detail.getByRole("article", { name: /^Re: Printer on fire/ })).toBeVisible({
    timeout: 20_000,
  });
  const warning = bo.detail.getByRole("alert");
  await expect(warning).toContainText("sent a reply while you were writing yours", { timeout: 20_000 });
  await expect(warning).toContainText(team.owner.name);
  await expect(bo.detail.getByRole("article", { name: /^Re: Printer on fire/ })).toBeVisible();
  // Ada was not writing when Bo's draft began, so she sees no warning; his draft is untouched.
  await expect(ada.detail.getByRole("alert")).toHaveCount(0);
  await expect(bo.replyBox()).toHaveValue("Have you tried turning it off");

  // Bo clears his draft: the typing line goes; Bo leaves: Ada no longer sees him.
  await bo.replyBox().fill("");
  await expect(ada.presence).not.toContainText("typing");
  await b.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" }).click();
  await expect(ada.presence).not.toContainText("Bo Editor", { timeout: 20_000 });

  // The conversation is on the contact's and the account's pages too, linking back to the inbox.
  await ada.detail.getByRole("link", { name: "Grace Hopper" }).click();
  const onContact = a.getByRole("region", { name: "Conversations" });
  await expect(onContact.getByRole("listitem")).toHaveCount(2);
  await expect(onContact.getByRole("listitem").first()).toContainText("Reply");
  await expect(onContact.getByRole("listitem").last()).toContainText("Grace Hopper: Again.");
  await a.goBack();
  await ada.detail.getByRole("link", { name: "US Navy" }).click();
  const onAccount = a.getByRole("region", { name: "Conversations" });
  await expect(onAccount.getByRole("listitem")).toHaveCount(2);
  await onAccount.getByRole("link", { name: "Printer on fire" }).first().click();
  await expect(ada.title()).toHaveText("Printer on fire");
});
