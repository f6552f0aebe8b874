import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./appShell.js";

/** Team (owners and admins): members and invites, service tokens, the audit log. */
export class TeamPage {
  readonly inviteLink: Locator;
  private readonly shell: AppShell;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.inviteLink = page.getByLabel("Invite link");
  }

  async goto(): Promise<void> {
    await this.shell.goTo("Team");
  }

  /** Makes an invite (for `email` when given) on the Team page and returns its link. */
  async invite(role: string, email?: string): Promise<string> {
    await this.goto();
    await this.page.getByRole("combobox", { name: "Role", exact: true }).selectOption(role);
    if (email !== undefined) await this.page.getByLabel("Email (optional)").fill(email);
    await this.page.getByRole("button", { name: "Create invite link" }).click();
    const link = await this.inviteLink.inputValue();
    expect(link).toContain("/invite/");
    return link;
  }

  async openAuditLog(): Promise<void> {
    await this.goto();
    await this.page.getByRole("link", { name: "Audit log" }).click();
  }
}
