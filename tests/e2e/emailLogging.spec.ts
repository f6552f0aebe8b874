import { expect, test } from "./fixtures.js";

/*
 * A member's address for logging sales email, on their own settings page: shown with a copy
 * button, replaced with the keyboard; in Chinese too. (Mail to it becomes activities:
 * peer/src/inbound/logging.test.ts, over real SMTP.)
 */

test("a person finds their email logging address on their settings page and makes a new one by keyboard", async ({
  a,
}) => {
  await a.getByRole("link", { name: /Your settings/ }).focus();
  await a.keyboard.press("Enter");
  const section = a.getByRole("region", { name: "Log emails to the CRM" });
  const address = section.getByLabel("Your logging address");
  await expect(address).toHaveValue(/^log\+[a-z0-9]{24}@/);
  const first = await address.inputValue();
  await expect(section.getByRole("button", { name: "Copy" })).toBeVisible();
  await section.getByRole("button", { name: "Make a new address" }).focus();
  await a.keyboard.press("Enter");
  await expect(section.getByRole("status")).toHaveText("New address made: mail to the old one is refused from now on.");
  await expect(address).not.toHaveValue(first);
  await expect(address).toHaveValue(/^log\+[a-z0-9]{24}@/);
});

test("the logging address section speaks Chinese", async ({ a, ada }) => {
  await ada.shell.setLanguage("zh");
  await a.getByRole("link", { name: /个人设置/ }).click();
  const section = a.getByRole("region", { name: "将邮件记录到 CRM" });
  await expect(section.getByLabel("您的记录地址")).toHaveValue(/^log\+/);
  await expect(section.getByRole("button", { name: "生成新地址" })).toBeVisible();
});
