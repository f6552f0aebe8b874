import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./appShell.js";
import { RecordForm } from "./recordForm.js";
import { RecordPage } from "./recordPage.js";

/** Service: the cases list, making cases, and the SLA settings editor reached from it. */
export class CasesPage {
  /** The page head's "New case" (the empty list has a second one). */
  readonly newButton: Locator;
  private readonly shell: AppShell;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.newButton = page.getByRole("button", { name: "New case" }).first();
  }

  async goto(): Promise<void> {
    await this.shell.goTo("Cases");
  }

  /**
   * On a case's page: moves its opening time back (through the REST API, as the signed-in
   * person), so it is late by the server's clock and the server's escalation rule acts on it.
   */
  async openedMinutesAgo(workspace: string, minutes: number): Promise<void> {
    const id = new URL(this.page.url()).pathname.split("/").pop()!;
    const status = await this.page.evaluate(
      async ([id, ws, openedAt]) =>
        (
          await fetch(`/api/v1/cases/${id}`, {
            method: "PATCH",
            headers: { "Content-Type": "application/json", "CRM-Workspace": String(ws) },
            body: JSON.stringify({ openedAt }),
          })
        ).status,
      [id, workspace, Date.now() - minutes * 60_000] as const,
    );
    expect(status).toBe(200);
  }

  /** From the list: New case, its subject, the account (typed and picked) if given, Save; waits for its page. */
  async create(subject: string, account?: string): Promise<RecordPage> {
    await this.goto();
    await this.newButton.click();
    await this.page.getByLabel("Subject").fill(subject);
    const form = new RecordForm(this.page);
    if (account) await form.chooseAccount(account);
    await form.save();
    const record = new RecordPage(this.page);
    await expect(record.heading(subject)).toBeVisible();
    return record;
  }

  /**
   * As an admin, from the cases list: the SLA settings, first-response targets in minutes per
   * priority, when to escalate if given; saved (waits for "SLA settings saved.").
   */
  async setSla(firstResponse: Record<string, string>, when?: string): Promise<void> {
    await this.goto();
    await this.page.getByRole("link", { name: "SLA settings" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: "SLA targets" })).toBeVisible();
    for (const [priority, minutes] of Object.entries(firstResponse))
      await this.page.getByLabel(`First response for ${priority} (minutes)`).fill(minutes);
    if (when) await this.page.getByLabel("Escalate when").selectOption({ label: when });
    await this.page.getByRole("button", { name: "Save" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "SLA settings saved." })).toBeVisible();
  }
}
