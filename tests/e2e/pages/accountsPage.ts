import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./appShell.js";
import { RecordForm } from "./recordForm.js";
import { RecordPage } from "./recordPage.js";

/** The accounts list, and making and opening accounts from it. */
export class AccountsPage {
  readonly newButton: Locator;
  readonly search: Locator;
  /** The number of accounts in the list's head. */
  readonly count: Locator;
  private readonly shell: AppShell;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.newButton = page.getByRole("button", { name: "New account" });
    this.search = page.getByRole("searchbox", { name: "Search accounts" });
    this.count = page.locator(".page-head .count");
  }

  async goto(): Promise<void> {
    await this.shell.goTo("Accounts");
  }

  /** An account's link by its exact name. */
  link(name: string): Locator {
    return this.page.getByRole("link", { name, exact: true });
  }

  /**
   * From the list: New account, the text fields by label, the choices (`{ label: option }`), Save;
   * waits for the account's page.
   */
  async create(
    fields: Record<string, string> & { Name: string },
    selects: Record<string, string> = {},
  ): Promise<RecordPage> {
    await this.goto();
    await this.newButton.click();
    const form = new RecordForm(this.page);
    await form.fill(fields);
    for (const [label, option] of Object.entries(selects)) await form.select(label, option);
    await form.save();
    const record = new RecordPage(this.page);
    await expect(record.heading(fields.Name)).toBeVisible();
    return record;
  }

  /** From the list, the account's page. */
  async open(name: string): Promise<RecordPage> {
    await this.goto();
    await this.link(name).click();
    const record = new RecordPage(this.page);
    await expect(record.heading(name)).toBeVisible();
    return record;
  }

  /** On an account's page: Edit, the fields, Save (no wait: offline and conflict tests decide what to wait for). */
  async editOpen(fields: Record<string, string>): Promise<void> {
    await new RecordPage(this.page).edit();
    const form = new RecordForm(this.page);
    await form.fill(fields);
    await form.save();
  }
}
