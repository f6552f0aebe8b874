import type { Locator, Page } from "@playwright/test";

/** The sign-in screen (also what a signed-out browser sees first). */
export class SignInPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Sign in" });
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.submit = page.getByRole("button", { name: "Sign in" });
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}

/** A fresh server's first screen: the first person makes their account and the workspace. */
export class SetupPage {
  readonly heading: Locator;
  readonly name: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly workspace: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Set up your CRM" });
    this.name = page.getByLabel("Your name");
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.workspace = page.getByLabel("Workspace name");
    this.submit = page.getByRole("button", { name: "Create account and workspace" });
  }

  async fill(p: { name: string; email: string; password: string; workspace: string }): Promise<void> {
    await this.name.fill(p.name);
    await this.email.fill(p.email);
    await this.password.fill(p.password);
    await this.workspace.fill(p.workspace);
  }
}

/** The join screen an invite link opens (English; the workspace of the test team is "Acme Sales"). */
export class InvitePage {
  readonly name: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly join: Locator;

  constructor(
    readonly page: Page,
    workspace = "Acme Sales",
  ) {
    this.name = page.getByLabel("Your name");
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.join = page.getByRole("button", { name: `Join ${workspace}` });
  }

  /** Name, email (when given: an invite for an address fills it in), password, Join. */
  async accept(p: { name: string; email?: string; password: string }): Promise<void> {
    await this.name.fill(p.name);
    if (p.email !== undefined) await this.email.fill(p.email);
    await this.password.fill(p.password);
    await this.join.click();
  }
}
