import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./appShell.js";

/** Team (owners and admins): members and invites, service tokens, the audit log, the API description. */
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

  /** Team → Service tokens: makes a token (`role` by its English label) and returns it, shown once. */
  async mintToken(name: string, role: string): Promise<string> {
    await this.goto();
    await this.page.getByRole("link", { name: "Service tokens" }).click();
    await this.page.getByLabel("Name", { exact: true }).fill(name);
    await this.page.getByRole("combobox", { name: "Role", exact: true }).selectOption({ label: role });
    await this.page.getByRole("button", { name: "Create token" }).click();
    const token = await this.page.getByLabel("Your new token").inputValue();
    expect(token).toMatch(/^crm_/);
    return token;
  }

  /** Team → API: the REST API's description. */
  async openApiDocs(): Promise<void> {
    await this.goto();
    await this.page.getByRole("link", { name: "API", exact: true }).click();
  }

  /** On the API page: an operation's disclosure by method and path ("POST", "/api/v1/accounts"). */
  operation(method: string, path: string): Locator {
    const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return this.page
      .locator("details.api-op")
      .filter({ has: this.page.locator("summary", { hasText: new RegExp(`^${method}${escaped}(?!/)`) }) });
  }
}
