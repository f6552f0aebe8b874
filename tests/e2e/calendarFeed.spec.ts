import { expect, test } from "./fixtures.js";

/*
 * A person's calendar feed, end to end: the task they plan in the app reaches the server (the
 * browser's sync), the automation peer's projection, and the private ICS address they made on
 * their own settings page — read by a client with no cookie, as a calendar app reads it — until
 * they turn it off.
 */

const planTask = async (page: import("@playwright/test").Page, subject: string, due: string) => {
  await page.keyboard.press("n");
  await expect(page.getByRole("heading", { level: 1, name: "New activity" })).toBeVisible();
  await page.keyboard.type(subject);
  await page.getByLabel("Type").selectOption({ label: "Task" });
  await page.getByLabel("Due").fill(due);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
};

test("a person makes their calendar feed address, a calendar app reads their task from it, and it answers 404 once turned off", async ({
  a,
  b,
  ada,
  bo,
  playwright,
}) => {
  await ada.shell.goTo("Activities");
  await planTask(a, "Renew the Initech contract; call Bill", "2031-03-14");
  await bo.shell.goTo("Activities");
  await planTask(b, "Bo's own task", "2031-03-15");

  // Their own settings, behind their name in the top bar — reached with the keyboard.
  await a.getByRole("link", { name: /Your settings/ }).focus();
  await a.keyboard.press("Enter");
  await expect(a.getByRole("heading", { level: 1, name: "Your settings" })).toBeVisible();
  const section = a.getByRole("region", { name: "Calendar feed" });
  await expect(section).toContainText("You have no calendar feed in this workspace.");
  await section.getByRole("button", { name: "Create feed address" }).focus();
  await a.keyboard.press("Enter");
  const address = section.getByLabel("Feed address");
  await expect(address).toBeFocused();
  const url = await address.inputValue();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
  await expect(section.getByRole("link", { name: "Open in your calendar app" })).toHaveAttribute(
    "href",
    url.replace(/^http:/, "webcal:"),
  );

  // A calendar app: no cookie, no token — the address is the credential.
  const calendar = await playwright.request.newContext();
  await expect
    .poll(async () => (await (await calendar.get(url)).text()).replace(/\r\n /g, ""), { timeout: 15_000 })
    .toContain("SUMMARY:Renew the Initech contract\\; call Bill");
  const res = await calendar.get(url);
  expect(res.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const text = await res.text();
  expect(text).toContain("DTSTART;VALUE=DATE:20310314");
  expect(text).not.toContain("Bo's own task");
  // The page's own request context (with Ada's cookie) reads the same feed.
  expect((await a.request.get(url)).status()).toBe(200);

  await a.reload();
  await expect(section).toContainText("Last read by a calendar app:");
  await section.getByRole("button", { name: "Turn off the feed" }).click();
  await expect(section).toContainText("The feed is off: its address no longer works.");
  await expect(section.getByRole("button", { name: "Create feed address" })).toBeVisible();
  expect((await calendar.get(url)).status()).toBe(404);
  expect((await a.request.get(url)).status()).toBe(404);
  await calendar.dispose();
});

test("the person's settings page and its feed section speak Chinese", async ({ a, ada }) => {
  await ada.shell.setLanguage("zh");
  await a.getByRole("link", { name: /个人设置/ }).click();
  await expect(a.getByRole("heading", { level: 1, name: "个人设置" })).toBeVisible();
  const section = a.getByRole("region", { name: "日历订阅" });
  await section.getByRole("button", { name: "生成订阅地址" }).click();
  await expect(section.getByLabel("订阅地址")).toHaveValue(/\/api\/v1\/calendar\/cal_/);
  await expect(section.getByRole("button", { name: "关闭订阅" })).toBeVisible();
});
