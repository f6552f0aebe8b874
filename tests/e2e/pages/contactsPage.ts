import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./appShell.js";
import { RecordForm } from "./recordForm.js";
import { RecordPage } from "./recordPage.js";

export class ContactsPage {
  readonly newButton: Locator;
  readonly search: Locator;
  private readonly shell: AppShell;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    // The empty list has a second "New contact" button: the first is the page head's.
    this.newButton = page.getByRole("button", { name: "New contact" }).first();
    this.search = page.getByLabel("Search contacts");
  }

  async goto(): Promise<void> {
    await this.shell.goTo("Contacts");
  }

  /**
   * From the list: New contact, the text fields by label, the account (typed, then picked by
   * name), Save; waits for the contact's page, whose heading holds the last name.
   */
  async create(fields: Record<string, string> & { "Last name": string }, account?: string): Promise<RecordPage> {
    await this.goto();
    await this.newButton.click();
    const form = new RecordForm(this.page);
    await form.fill(fields);
    if (account) await form.chooseAccount(account);
    await form.save();
    const record = new RecordPage(this.page);
    await expect(record.heading()).toContainText(fields["Last name"]);
    return record;
  }
}
