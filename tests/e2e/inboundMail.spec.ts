import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer/index.js";
import { expect } from "./fixtures.js";
import { DOMAIN, inboundTest as test } from "./mailFixtures.js";

/*
 * Email in, as an agent sees it: a message sent with a real SMTP client to the server's listener
 * (INBOUND_SMTP_PORT on 127.0.0.1) appears live in the open Cases list, with the sender as the
 * case's contact and the mail in the case's conversation; a hostile HTML mail runs no script and
 * loads nothing (a canary server on 127.0.0.1 counts every request) until the agent asks for
 * its images.
 */

function sendMail(port: number, mail: Mail.Options) {
  return nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true }).sendMail(mail);
}

test("a mail sent by SMTP appears live in the open Cases list and on its case, the sender a contact", async ({
  ada,
  a,
  team,
  smtpPort,
}) => {
  await ada.cases.goto();
  await expect(ada.cases.newButton).toBeVisible();
  // The listener answers once the server's peer runs its jobs; the first try may come early.
  await expect
    .poll(
      async () =>
        sendMail(smtpPort, {
          from: '"Grace Hopper" <grace@navy.example>',
          to: `${team.workspace}@${DOMAIN}`,
          subject: "Compiler emits moths",
          text: "Hello,\nthere is a moth in relay 70.\n\nGrace",
          messageId: "<moth-1@navy.example>",
        }).then(
          () => true,
          () => false,
        ),
      { timeout: 20_000 },
    )
    .toBe(true);

  // No reload: the list shows the case as the server relays the peer's write.
  const row = a.getByRole("list", { name: "Cases" }).getByRole("listitem").filter({ hasText: "Compiler emits moths" });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText("Email");

  await a.getByRole("link", { name: "Compiler emits moths" }).click();
  await expect(a.getByRole("heading", { name: "Compiler emits moths", level: 1 })).toBeVisible();
  await expect(a.getByRole("link", { name: "Grace Hopper" })).toBeVisible();
  const conversation = a.getByRole("region", { name: "Conversation" });
  await expect(conversation.getByText("there is a moth in relay 70.")).toBeVisible();
  await expect(conversation.getByText("Grace Hopper <grace@navy.example>")).toBeVisible();

  // A reply while the page is open joins the same conversation, live.
  await sendMail(smtpPort, {
    from: "grace@navy.example",
    to: `${team.workspace}@${DOMAIN}`,
    subject: "Re: Compiler emits moths",
    text: "Found a second one.",
    inReplyTo: "<moth-1@navy.example>",
    messageId: "<moth-2@navy.example>",
  });
  await expect(conversation.getByText("Found a second one.")).toBeVisible({ timeout: 20_000 });
  await expect(conversation.getByRole("article")).toHaveCount(2);
  await a.screenshot({ path: "/tmp/inbound-shots/case-en.png", fullPage: true });

  // By keyboard, in Chinese: the conversation is reachable and labelled.
  await ada.shell.setLanguage("zh");
  const zh = a.getByRole("region", { name: "会话" });
  await expect(zh.getByText("客户").first()).toBeVisible();
  await a.screenshot({ path: "/tmp/inbound-shots/case-zh.png", fullPage: true });
});

test("a hostile HTML mail runs no script and loads nothing until the agent shows its images", async ({
  ada,
  a,
  team,
  smtpPort,
}) => {
  const hits: string[] = [];
  const canary: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "Content-Type": "image/gif" }).end();
  });
  await new Promise<void>((r) => canary.listen(0, "127.0.0.1", () => r()));
  const base = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
  const dialogs: string[] = [];
  a.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const requests: string[] = [];
  a.context().on("request", (r) => {
    if (r.url().startsWith(base)) requests.push(r.url());
  });

  const html = `<html><head>
    <style>body { background: url(${base}/css-background) } @import url(${base}/css-import);</style>
    <link rel="stylesheet" href="${base}/link-css"><meta http-equiv="refresh" content="0;url=${base}/refresh">
    <script>alert("script"); fetch("${base}/script-fetch")</script></head>
    <body onload="alert('onload')"><h1>Invoice overdue</h1>
    <p style="background-image:url('${base}/inline-style')">Please pay.</p>
    <img src="${base}/pixel.gif" alt="tracker" onerror="alert('onerror')">
    <img src="x" onerror="alert('onerror2')">
    <svg><image href="${base}/svg-image"></image></svg>
    <form action="${base}/form"><input name="password" autofocus onfocus="alert('focus')"><button>Log in</button></form>
    <iframe src="${base}/frame"></iframe><object data="${base}/object"></object>
    <a href="javascript:alert('link')">pay here</a></body></html>`;
  await expect
    .poll(
      async () =>
        sendMail(smtpPort, {
          from: "billing@evil.example",
          to: `${team.workspace}@${DOMAIN}`,
          subject: "Hostile invoice",
          html,
          text: "Please pay.",
        }).then(
          () => true,
          () => false,
        ),
      { timeout: 20_000 },
    )
    .toBe(true);

  await ada.cases.goto();
  await a.getByRole("link", { name: "Hostile invoice" }).click({ timeout: 20_000 });
  const frame = a.frameLocator('iframe[title="Email: Hostile invoice"]');
  await expect(frame.getByRole("heading", { name: "Invoice overdue" })).toBeVisible();
  await expect(frame.getByText("Please pay.")).toBeVisible();
  await expect(frame.locator("script, form, input, iframe, object, style[src], link")).toHaveCount(0);
  // Settle: the app has rendered the frame; give any stray request a round trip to show up.
  await expect(a.getByText("1 remote image blocked.")).toBeVisible();
  await a.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  expect(dialogs).toEqual([]);
  expect(requests).toEqual([]);
  expect(hits).toEqual([]);

  // Shown on request, by keyboard: the image's address is put back (the only remote thing kept).
  await a.getByRole("button", { name: "Show images" }).focus();
  await a.keyboard.press("Enter");
  await expect(frame.locator("img[alt=tracker]")).toHaveAttribute("src", `${base}/pixel.gif`);
  expect(dialogs).toEqual([]);
  expect(requests.filter((u) => !u.endsWith("/pixel.gif"))).toEqual([]);
  await new Promise<void>((r) => canary.close(() => r()));
});
