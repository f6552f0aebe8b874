import { settingsDocName } from "@crm/schema";
import WebSocket from "ws";
import { expect, test } from "./fixtures.js";
import { addAnswer, allowOrigin, siteServer } from "./pages/chatSite.js";

/*
 * Live chat end to end: a page served from ANOTHER origin (a tiny HTTP server of this test) loads
 * the widget with one script tag; a visitor chats with Ada, who answers from the case page in her
 * own browser — both ways, live, with typing. The visitor's token opens nothing else: no
 * `/api/v1`, no sync socket; a flood is refused with 429; hostile text stays text.
 */

test("a visitor on another origin chats live with an agent; the token opens nothing else", async ({
  a,
  browser,
  server,
  team,
}) => {
  const site = await siteServer(server.url, team.workspace);
  try {
    await allowOrigin(a, server.url, site.origin);
    await addAnswer(a, server.url, "How do I reset my password?", "Use the Forgot password link.", "login, sign in");
    // The settings reach the server's peer; Ada's open app makes her count as online.
    await expect
      .poll(async () => {
        const res = await fetch(`${server.url}/api/chat/w/${team.workspace}`, { headers: { Origin: site.origin } });
        return res.ok ? ((await res.json()) as { agentsOnline: boolean }).agentsOnline : res.status;
      })
      .toBe(true);
    // Any other origin is refused.
    const evil = await fetch(`${server.url}/api/chat/w/${team.workspace}`, {
      headers: { Origin: "http://evil.example" },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();

    const visitorCtx = await browser.newContext();
    const v = await visitorCtx.newPage();
    await v.goto(site.origin);
    await v.getByRole("button", { name: "Chat with us" }).click();
    await expect(v.getByText("An agent is online")).toBeVisible();
    await v.getByLabel("Your name").fill("Vera Visitor");
    await v.getByLabel("Your email").fill("vera@shop-customer.example");
    await v.getByLabel("How can we help?").fill("I cannot sign in to my account");
    // The answer articles are offered while the visitor types.
    await expect(v.getByText("Use the Forgot password link.")).toBeVisible();
    await v.getByRole("button", { name: "Start chat" }).click();
    await expect(v.locator(".msg.visitor", { hasText: "I cannot sign in to my account" })).toBeVisible();

    // Ada sees the new chat case live and opens it.
    await a.goto(`${server.url}/cases`);
    await a.getByRole("link", { name: "I cannot sign in to my account" }).click();
    await expect(a.getByText("The visitor is in the chat: your reply reaches them at once.")).toBeVisible();
    await expect(a.getByText("I cannot sign in to my account").last()).toBeVisible();

    // Typing shows on the other side, both ways.
    const visitorInput = v.getByLabel("Your message");
    await visitorInput.pressSequentially("hel");
    await expect(a.getByText("The visitor is typing…")).toBeVisible();
    const reply = a.getByRole("textbox", { name: "Chat reply" });
    await reply.pressSequentially("Hello Vera");
    await expect(v.getByText("Agent is typing…")).toBeVisible();
    await reply.press("Enter");
    await expect(v.locator(".msg.agent", { hasText: "Hello Vera" })).toBeVisible();
    await expect(v.locator(".msg.agent .who")).toHaveText("Ada Owner");

    await visitorInput.fill("Thanks, that worked!");
    await visitorInput.press("Enter");
    await expect(a.getByText("Thanks, that worked!")).toBeVisible();

    // Hostile text is text, in the widget and in the agent's app.
    const hostile = `<img src=x onerror="window.__pwned=1">`;
    await visitorInput.fill(hostile);
    await visitorInput.press("Enter");
    await expect(v.locator(".msg.visitor").filter({ hasText: hostile })).toBeVisible();
    await expect(a.getByText(hostile)).toBeVisible();
    expect(await v.locator("#crm-chat-widget").evaluate((h) => h.shadowRoot!.querySelectorAll("img").length)).toBe(0);
    expect(await v.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await a.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    // "This helped" is recorded on the conversation, readable like any record.
    await v.getByRole("button", { name: "This helped" }).first().click();
    await expect(v.getByText("Thanks — glad it helped")).toBeVisible();
    const apiToken = await team.token("admin");
    await expect
      .poll(async () => {
        const res = await fetch(`${server.url}/api/v1/caseMessages?filter[answerArticleId][notEmpty]=`, {
          headers: { Authorization: `Bearer ${apiToken}` },
        });
        const page = (await res.json()) as { data?: { answerArticleId: string }[] };
        return page.data?.length ?? res.status;
      })
      .toBe(1);

    // The visitor's token: this conversation only.
    const token = await v.evaluate(() => Object.entries(sessionStorage).find(([k]) => k.startsWith("crm-chat:"))?.[1]);
    expect(token).toMatch(/^cv1\./);
    for (const path of ["/api/v1/cases", "/api/v1/caseMessages", "/api/v1/contacts"]) {
      const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status, path).toBe(401);
    }
    const closeCode = await new Promise<number>((resolve) => {
      const socket = new WebSocket(
        `${server.url.replace("http", "ws")}/sync/${settingsDocName(team.workspace)}?token=${encodeURIComponent(token!)}`,
      );
      socket.on("close", (code) => resolve(code));
      socket.on("error", () => {});
    });
    expect(closeCode).toBe(4401);
    const tampered = `${token!.split(".")[0]}.${Buffer.from(
      JSON.stringify({ w: team.workspace, c: "another-case", n: "x", e: "x@y.z", x: Date.now() + 1e6 }),
    ).toString("base64url")}.${token!.split(".")[2]}`;
    const forged = await fetch(`${server.url}/api/chat/conversation/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${tampered}`, Origin: site.origin, "Content-Type": "application/json" },
      body: JSON.stringify({ text: "into another case" }),
    });
    expect(forged.status).toBe(401);

    // A flood from the page: refused with 429 past the per-minute limit, and the widget says so.
    const statuses = await v.evaluate(
      async ({ crm, t }) => {
        const out: number[] = [];
        for (let i = 0; i < 25; i++) {
          const res = await fetch(`${crm}/api/chat/conversation/messages`, {
            method: "POST",
            headers: { Authorization: `Bearer ${t}`, "Content-Type": "application/json" },
            body: JSON.stringify({ text: `flood ${i}` }),
          });
          out.push(res.status);
        }
        return out;
      },
      { crm: server.url, t: token! },
    );
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(20);
    await visitorInput.fill("one more");
    await visitorInput.press("Enter");
    await expect(v.getByText("You are sending messages too fast. Wait a moment and try again.")).toBeVisible();
    await visitorCtx.close();
  } finally {
    await site.close();
  }
});
