import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SmtpSink, smtpSink } from "@crm/peer/mail/testing";
import type { Page } from "@playwright/test";
import { ServerProcess } from "../support/serverProcess.js";
import { test as base, expect } from "./fixtures.js";

/*
 * Settings → Email. Without SMTP_URL (the `npm start` default) an invite sent to an address is in
 * the outbox, "Not delivered — configure SMTP", and opens with its headers, text and HTML (in a
 * sandboxed frame). With SMTP_URL and a DKIM key the page checks the server, shows the key and the
 * DNS records to publish (copied to the clipboard), and the invite is logged as sent.
 */

const SHOTS = "/tmp/mail-shots";
mkdirSync(SHOTS, { recursive: true });

async function tabTo(page: Page, name: string | RegExp) {
  const target = page.getByRole("button", { name });
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${name} with Tab`);
}

base.describe("without SMTP_URL", () => {
  base("the outbox holds the invite, not delivered, and shows it; Chinese too", async ({ a, ada }) => {
    await ada.team.invite("editor", "nina@example.test");
    await ada.settings.openSection("Email");
    await expect(a.getByTestId("mail-smtp")).toContainText("Not configured");
    await expect(a.getByTestId("mail-smtp")).toContainText("No SMTP_URL is set");
    await expect(a.getByRole("button", { name: "Check connection" })).toBeDisabled();
    await expect(a.getByTestId("mail-dkim")).toContainText("No key");
    await expect(a.locator("tr[data-record]")).toHaveCount(2);
    await expect(a.locator("tr[data-record=spf]")).toContainText("v=spf1 mx a ~all");

    const row = a.locator("tr[data-mail]");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("nina@example.test");
    await expect(row).toContainText("Not delivered — configure SMTP");
    const subject = "Ada Owner invited you to Acme Sales · Ada Owner 邀请你加入 Acme Sales";
    await expect(row).toContainText(subject);

    // Keyboard: open it, read it, close it (focus back on its button).
    await a.getByRole("heading", { level: 1, name: "Email" }).focus();
    await tabTo(a, `Open · ${subject}`);
    await a.keyboard.press("Enter");
    await expect(a.getByRole("heading", { level: 3, name: subject })).toBeFocused();
    await expect(a.getByTestId("mail-headers")).toContainText("To: nina@example.test");
    await expect(a.getByTestId("mail-headers")).toContainText("Auto-Submitted: auto-generated");
    await expect(a.getByTestId("mail-headers")).toContainText(/Message-ID: <[0-9a-f]{40}@localhost>/);
    await expect(a.getByTestId("mail-text")).toContainText("/invite/");
    const frame = a.locator("iframe.mail-html");
    await expect(frame).toHaveAttribute("sandbox", "");
    await expect(a.frameLocator("iframe.mail-html").getByText("Ada Owner invited you to join")).toBeVisible();
    await a.screenshot({ path: `${SHOTS}/outbox-en.png`, fullPage: true });
    await frame.screenshot({ path: `${SHOTS}/outbox-html-en.png` });
    await a.keyboard.press("Escape");
    await expect(a.getByRole("heading", { level: 3, name: subject })).toHaveCount(0);
    await expect(a.getByRole("button", { name: `Open · ${subject}` })).toBeFocused();

    await ada.shell.setLanguage("zh");
    await expect(a.getByRole("heading", { level: 1, name: "邮件" })).toBeVisible();
    await expect(a.getByTestId("mail-smtp")).toContainText("未配置");
    await expect(row).toContainText("未投递——请配置 SMTP");
    await expect(a.getByRole("heading", { name: "需要发布的 DNS 记录" })).toBeVisible();
    await a.screenshot({ path: `${SHOTS}/outbox-zh.png`, fullPage: true });
  });

  base("an editor is told that only admins see the mail setup", async ({ b, bo }) => {
    await bo.settings.openSection("Email");
    await expect(b.getByText("Only owners and admins see the mail setup and the mail log.")).toBeVisible();
    await expect(b.locator("tr[data-mail]")).toHaveCount(0);
  });
});

let sink: SmtpSink;
let keyDir: string;
const smtpTest = base.extend({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function destructures
  server: async ({}, use) => {
    sink = await smtpSink();
    keyDir = mkdtempSync(join(tmpdir(), "crm-dkim-"));
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(join(keyDir, "dkim.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
    const server = await ServerProcess.start({
      env: {
        SMTP_URL: sink.url,
        MAIL_FROM: "Acme CRM <crm@acme.example>",
        DKIM_DOMAIN: "acme.example",
        DKIM_SELECTOR: "crm2026",
        DKIM_PRIVATE_KEY_FILE: join(keyDir, "dkim.pem"),
      },
    });
    await use(server);
    await server.dispose();
    await sink.close();
    rmSync(keyDir, { recursive: true, force: true });
  },
});

base.describe("with SMTP_URL and a DKIM key", () => {
  smtpTest(
    "checks the server, shows the key and the records to publish, and logs the invite as sent",
    async ({ a, ada }) => {
      await a.context().grantPermissions(["clipboard-read", "clipboard-write"]);
      await ada.team.invite("viewer", "vic@example.test");
      await expect.poll(() => sink.messages.length, { timeout: 20_000 }).toBe(1);
      await ada.settings.openSection("Email");
      await expect(a.getByTestId("mail-smtp")).toContainText(sink.url);
      await expect(a.getByTestId("mail-smtp")).toContainText("Not checked yet");
      await a.getByRole("button", { name: "Check connection" }).focus();
      await a.keyboard.press("Enter");
      await expect(a.getByTestId("mail-smtp")).toContainText("Reachable");
      await expect(a.getByTestId("mail-dkim")).toContainText("Present");
      await expect(a.getByTestId("mail-dkim")).toContainText("crm2026._domainkey.acme.example");

      const dkim = a.locator("tr[data-record=dkim]");
      await expect(dkim).toContainText("crm2026._domainkey.acme.example");
      await expect(dkim).toContainText(/v=DKIM1; k=rsa; p=[A-Za-z0-9+/]{100}/);
      await expect(a.locator("tr[data-record=dmarc]")).toContainText("_dmarc.acme.example");
      const value = (await dkim.locator("td").nth(2).textContent())!;
      await a.getByRole("button", { name: "Copy · DKIM" }).focus();
      await a.keyboard.press("Enter");
      await expect(a.getByRole("button", { name: "Copied · DKIM" })).toBeVisible();
      expect(await a.evaluate(() => navigator.clipboard.readText())).toBe(value);

      const row = a.locator("tr[data-mail]");
      await expect(row).toContainText("vic@example.test");
      await expect(row).toContainText("Sent");
      await a.screenshot({ path: `${SHOTS}/configured-en.png`, fullPage: true });
      await ada.shell.setLanguage("zh");
      await expect(row).toContainText("已发送");
      await expect(a.getByTestId("mail-dkim")).toContainText("已配置");
      await expect(a.getByTestId("mail-smtp")).toContainText("可连接");
      await a.screenshot({ path: `${SHOTS}/configured-zh.png`, fullPage: true });
    },
  );
});
