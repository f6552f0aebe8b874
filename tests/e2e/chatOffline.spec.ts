import { type SmtpSink, smtpSink } from "@crm/peer/mail/testing";
import { settingsDocName, writeSettings } from "@crm/schema";
import { MuxClient } from "../../sync-server/src/testing/clients.js";
import { ServerProcess } from "../support/serverProcess.js";
import { test as base, expect, signedInContext } from "./fixtures.js";
import { siteServer } from "./pages/chatSite.js";

/*
 * No agent online: the widget says so, the visitor leaves a message (a chat case all the same),
 * and once they have left, the agent's answer from the case page goes out by email to the address
 * the visitor gave — the existing replies/mail path, received here by an SMTP sink.
 */

const test = base.extend<{ sink: SmtpSink }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function destructures
  sink: async ({}, use) => {
    const sink = await smtpSink();
    await use(sink);
    await sink.close();
  },
  server: async ({ sink }, use) => {
    const server = await ServerProcess.start({
      env: { INBOUND_DOMAIN: "support.test", SMTP_URL: sink.url, MAIL_FROM: "Acme Help <crm@example.test>" },
    });
    await use(server);
    await server.dispose();
  },
});

/** The shop's origin in the workspace's settings, written as the app's Settings → Chat does. */
async function allowOrigin(server: ServerProcess, token: string, workspace: string, origin: string): Promise<void> {
  const client = await MuxClient.open(`${server.url.replace("http", "ws")}/sync?token=${token}`);
  const name = settingsDocName(workspace);
  const doc = client.subscribe(name);
  await client.waitSynced(name);
  expect(writeSettings(doc, { chat: { widgetOrigins: [origin] } }).ok).toBe(true);
  await client.waitPersisted(name);
  await client.close();
}

test("with no agent online the visitor leaves a message, and the answer reaches them by email", async ({
  browser,
  server,
  team,
  sink,
}) => {
  const site = await siteServer(server.url, team.workspace);
  try {
    // Nobody of the team has the app open.
    await allowOrigin(server, await team.token("owner"), team.workspace, site.origin);
    await expect
      .poll(async () => {
        const res = await fetch(`${server.url}/api/chat/w/${team.workspace}`, { headers: { Origin: site.origin } });
        return res.ok ? ((await res.json()) as { agentsOnline: boolean }).agentsOnline : res.status;
      })
      .toBe(false);

    const visitorCtx = await browser.newContext({ locale: "zh-CN" });
    const v = await visitorCtx.newPage();
    await v.goto(site.origin);
    // The page says lang="en": the widget speaks the page's language. Keyboard only from here.
    await v.getByRole("button", { name: "Chat with us" }).focus();
    await v.keyboard.press("Enter");
    await expect(v.getByText("No one is online right now. Leave a message and we will answer by email.")).toBeVisible();
    await v.keyboard.type("Otto Offline");
    await v.keyboard.press("Tab");
    await v.keyboard.type("otto");
    await v.keyboard.press("Tab");
    await v.keyboard.type("Where is my order 1234?");
    await v.getByRole("button", { name: "Leave a message" }).focus();
    await v.keyboard.press("Enter");
    await expect(v.getByText("Enter an email address like name@example.com.")).toBeVisible();
    await v.getByLabel("Your email").fill("otto@offline.example");
    await v.getByRole("button", { name: "Leave a message" }).press("Enter");
    await expect(v.getByText("Message received. We will answer by email.")).toBeVisible();
    await visitorCtx.close();

    const ctx = await signedInContext(browser, server, team.owner);
    const agent = await ctx.newPage();
    await agent.goto(`${server.url}/cases`);
    await agent.getByRole("link", { name: "Where is my order 1234?" }).click();
    await expect(agent.getByText("The visitor has left the chat: your reply goes to them by email.")).toBeVisible();
    const conversation = agent.getByRole("region", { name: "Conversation" });
    await conversation.getByRole("textbox", { name: "Reply to the customer" }).fill("It ships tomorrow.");
    await conversation.getByRole("textbox", { name: "Reply to the customer" }).press("Control+Enter");
    await expect(conversation.getByRole("status").last()).toHaveText("Sent by email to otto@offline.example.");
    await expect.poll(() => sink.messages.length, { timeout: 20_000 }).toBe(1);
    expect(sink.messages[0]!.to).toEqual(["otto@offline.example"]);
    await ctx.close();
  } finally {
    await site.close();
  }
});
