import { mkdirSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { ServerProcess } from "../support/serverProcess.js";
import { test as base, expect } from "./fixtures.js";

// Settings → Webhooks: an owner adds an endpoint (keyboard only) pointing at a receiver this test
// runs on 127.0.0.1 (the server allows it with WEBHOOK_ALLOWED_HOSTS), edits an account in the
// browser, and the receiver gets a delivery it verifies with `standardwebhooks`, with the old and
// new name; the delivery is in the log and Redeliver sends the same message again.

const SHOTS = "/tmp/webhooks-shots";

const test = base.extend({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function destructures
  server: async ({}, use) => {
    const server = await ServerProcess.start({ env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" } });
    await use(server);
    await server.dispose();
  },
});

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

let receiver: Server;
let deliveries: Delivery[];
let hookUrl: string;

test.beforeEach(async () => {
  deliveries = [];
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/plain" }).end("received");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/crm-events`;
});
test.afterEach(async () => {
  await new Promise((r) => receiver.close(r));
});

async function tabTo(page: Page, name: string | RegExp, role: "button" | "textbox" | "checkbox" = "button") {
  const target = page.getByRole(role, { name });
  // Keyboard only: Tab until the control has focus.
  // The top bar and Settings' fifteen section tabs come first.
  for (let i = 0; i < 160; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${name} with Tab`);
}

test("an admin adds an endpoint in Settings; a browser edit is delivered signed with old and new values, logged, and redelivered", async ({
  a,
  ada,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  // Tall enough for the whole section: screenshots without the sticky top bar over the middle.
  await a.setViewportSize({ width: 1280, height: 2200 });
  await ada.accounts.create({ Name: "Initech" });

  await ada.settings.openSection("Webhooks");
  await expect(a.getByText("No endpoints yet.")).toBeVisible();
  await a.screenshot({ path: `${SHOTS}/en-empty.png` });

  // Nothing filled in: both fields say what is missing; the URL gets focus.
  const url = a.getByRole("textbox", { name: "Endpoint URL" });
  await url.focus();
  await a.keyboard.press("Enter");
  await expect(a.getByText("Enter the URL deliveries are sent to.")).toBeVisible();
  await expect(url).toBeFocused();

  // A private address is refused by the server, on the URL field.
  await a.keyboard.type("http://10.0.0.7/hook");
  await tabTo(a, "Accounts: Updated", "checkbox");
  await a.keyboard.press("Space");
  await expect(a.getByRole("checkbox", { name: "Accounts: Updated" })).toBeChecked();
  await tabTo(a, "Add endpoint");
  await a.keyboard.press("Enter");
  await expect(a.getByText(/leads to a private, local or this server's own address/)).toBeVisible();
  await expect(url).toBeFocused();

  await url.fill("");
  await a.keyboard.type(hookUrl);
  await a.keyboard.press("Enter");
  const secretBox = a.getByRole("textbox", { name: "Signing secret" });
  await expect(secretBox).toBeVisible();
  const secret = await secretBox.inputValue();
  expect(secret).toMatch(/^whsec_/);
  await expect(a.getByRole("button", { name: "Copy" })).toBeVisible();
  await a.screenshot({ path: `${SHOTS}/en-secret.png` });
  const row = a.locator("tr[data-endpoint]");
  await expect(row).toContainText(hookUrl);
  await expect(row).toContainText("accounts.updated");
  await expect(row).toContainText("Enabled");
  await tabTo(a, "I have stored it");
  await a.keyboard.press("Enter");
  await expect(secretBox).toHaveCount(0);
  await expect(url).toBeFocused();

  // The browser edits the account.
  await ada.accounts.open("Initech");
  await ada.accounts.editOpen({ Name: "Initrode" });
  await expect(ada.record.heading("Initrode")).toBeVisible();

  await expect.poll(() => deliveries.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  const first = deliveries[0]!;
  const event = new Webhook(secret).verify(first.body, first.headers as Record<string, string>) as {
    type: string;
    data: { changes: Record<string, { old: unknown; new: unknown }> };
  };
  expect(event.type).toBe("accounts.updated");
  expect(event.data.changes.name).toEqual({ old: "Initech", new: "Initrode" });

  // The log shows it; Redeliver sends the same message (same webhook-id) again.
  await ada.settings.openSection("Webhooks");
  await tabTo(a, `Deliveries · ${hookUrl}`);
  await a.keyboard.press("Enter");
  const log = a.locator("tr[data-delivery]");
  await expect(log).toHaveCount(1);
  await expect(log.first()).toContainText("accounts.updated");
  await expect(log.first()).toContainText("200");
  await a.getByText(/^Details of accounts.updated/).click();
  await expect(a.locator(".webhook-details pre").first()).toContainText("webhook-signature: v1,");
  await a.screenshot({ path: `${SHOTS}/en.png` });

  await tabTo(a, "Redeliver");
  await a.keyboard.press("Enter");
  await expect(log).toHaveCount(2);
  await expect(log.first()).toContainText("redelivered");
  expect(deliveries).toHaveLength(2);
  expect(deliveries[1]!.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
  new Webhook(secret).verify(deliveries[1]!.body, deliveries[1]!.headers as Record<string, string>);

  // Disable and enable again, by keyboard.
  await tabTo(a, `Disable · ${hookUrl}`);
  await a.keyboard.press("Enter");
  await expect(a.locator("tr[data-endpoint]")).toContainText("Disabled by an admin.");
  await tabTo(a, `Enable · ${hookUrl}`);
  await a.keyboard.press("Enter");
  await expect(a.locator("tr[data-endpoint]")).toContainText("Enabled");

  // The same screen in Chinese.
  await ada.shell.setLanguage("zh");
  await expect(a.getByRole("heading", { level: 1, name: "Webhook" })).toBeVisible();
  await expect(a.getByRole("textbox", { name: "端点 URL" })).toBeVisible();
  await expect(a.locator("tr[data-endpoint]")).toContainText("已启用");
  // The log stays open across the language switch.
  await expect(a.getByRole("button", { name: `隐藏投递记录 · ${hookUrl}` })).toHaveAttribute("aria-expanded", "true");
  await expect(a.locator("tr[data-delivery]")).toHaveCount(2);
  await expect(a.locator("tr[data-delivery]").first()).toContainText("重新投递");
  await a.screenshot({ path: `${SHOTS}/zh.png` });

  // Delete (with its confirmation); the empty state comes back.
  await a.getByRole("button", { name: `删除 · ${hookUrl}` }).click();
  await a.keyboard.press("Enter");
  await expect(a.getByText("还没有端点。")).toBeVisible();
});

test("an editor is told that only admins manage webhooks", async ({ b, bo }) => {
  await bo.settings.openSection("Webhooks");
  await expect(b.getByText("Only owners and admins manage webhooks.")).toBeVisible();
  await expect(b.getByRole("textbox", { name: "Endpoint URL" })).toHaveCount(0);
});
