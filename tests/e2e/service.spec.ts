import type { Page } from "@playwright/test";
import { createAccount, expect, nav, saveState, test } from "./fixtures.js";

/** As an admin: the SLA settings editor, with first-response targets (minutes) per priority. */
async function setSla(page: Page, firstResponse: Record<string, string>, when?: string) {
  await nav(page, "Cases").click();
  await page.getByRole("link", { name: "SLA settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "SLA targets" })).toBeVisible();
  for (const [priority, minutes] of Object.entries(firstResponse))
    await page.getByLabel(`First response for ${priority} (minutes)`).fill(minutes);
  if (when) await page.getByLabel("Escalate when").selectOption({ label: when });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "SLA settings saved." })).toBeVisible();
}

async function newCase(page: Page, subject: string, account?: string) {
  await nav(page, "Cases").click();
  await page.getByRole("button", { name: "New case" }).first().click();
  await page.getByLabel("Subject").fill(subject);
  if (account) {
    await page.getByRole("combobox", { name: "Account" }).fill(account);
    await page.getByRole("option", { name: account }).click();
  }
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
}

test("a case breaches its first-response SLA, is highlighted and escalated, is resolved and its CSAT is recorded", async ({
  a,
  b,
}) => {
  // Short targets: one minute to respond for normal and high (escalation raises normal → high).
  await setSla(a, { Normal: "1", High: "1" }, "a target is breached");
  // A bad value is refused at the field, and nothing is saved.
  await a.getByLabel("First response for Low (minutes)").fill("0");
  await a.getByRole("button", { name: "Save" }).click();
  await expect(a.getByText("This number is outside the allowed range.")).toBeVisible();
  await expect(a.getByLabel("First response for Low (minutes)")).toHaveAttribute("aria-invalid", "true");

  await createAccount(a, { Name: "Acme Rockets" });
  await newCase(a, "Launch pad flooded", "Acme Rockets");
  const firstResponse = a.getByRole("region", { name: "First response" });
  await expect(firstResponse.getByText("On track")).toBeVisible();
  await expect(firstResponse).toContainText("due in");
  await expect(a.locator(".record-head")).toContainText("Normal");

  // Two minutes later the first response is overdue: the app escalates the case (once).
  const later = Date.now() + 2 * 60_000;
  await a.clock.setFixedTime(later);
  await expect(firstResponse.getByText("Breached")).toBeVisible();
  await expect(firstResponse).toContainText("overdue by");
  await expect(a.getByRole("note").filter({ hasText: "Escalated" })).toBeVisible();
  await expect(a.locator(".record-head")).toContainText("High");

  // Highlighted in the list and listed under "Needs attention"; B sees the escalation too.
  await a.getByRole("link", { name: "Cases", exact: true }).first().click();
  const row = a.getByRole("listitem").filter({ hasText: "Launch pad flooded" });
  await expect(row.getByText("Breached")).toBeVisible();
  await expect(row).toHaveCSS("background-color", "rgb(255, 245, 245)");
  await a.getByRole("link", { name: /Needs attention/ }).click();
  await expect(
    a.getByRole("list", { name: "Needs attention" }).getByRole("link", { name: "Launch pad flooded" }),
  ).toBeVisible();
  await expect(saveState(a)).toHaveText("Synced");
  await nav(b, "Cases").click();
  await expect(b.getByRole("listitem").filter({ hasText: "Launch pad flooded" })).toContainText("High");

  // Resolving asks for the customer's satisfaction; a missing score is refused at the field.
  await a.getByRole("link", { name: "Launch pad flooded" }).click();
  await a.getByRole("button", { name: "Resolve" }).click();
  const dialog = a.getByRole("dialog", { name: "How satisfied was the customer?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Record and resolve" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Choose a score from 1 to 5, or resolve without an answer.");
  await dialog.getByLabel("4 · Satisfied").check();
  await dialog.getByLabel("Customer's comment (optional)").fill("Quick fix, thanks");
  await dialog.getByRole("button", { name: "Record and resolve" }).click();
  await expect(dialog).toBeHidden();
  await expect(a.locator(".record-head")).toContainText("Resolved");
  const csat = a.getByRole("region", { name: "Satisfaction" });
  await expect(csat).toContainText("4 / 5");
  await expect(csat).toContainText("Quick fix, thanks");
  // Stored as a SurveyResponse linked to the case and its account; the case left "Needs attention".
  const stored = await a.evaluate(async () => {
    const { db } = (window as never as { __crm: { db: Record<string, { toArray(): Promise<unknown[]> }> } }).__crm;
    const [cs] = (await db.cases!.toArray()) as { id: string; accountId: string; resolvedAt: number | null }[];
    const responses = (await db.surveyResponses!.toArray()) as Record<string, unknown>[];
    return { c: cs!, responses };
  });
  expect(stored.c.resolvedAt).not.toBeNull();
  expect(stored.responses).toEqual([
    expect.objectContaining({ kind: "csat", score: 4, caseId: stored.c.id, accountId: stored.c.accountId }),
  ]);
  await a.getByRole("link", { name: "Cases", exact: true }).first().click();
  await a.getByRole("link", { name: /Needs attention/ }).click();
  await expect(a.getByText("Nothing needs attention")).toBeVisible();
});
