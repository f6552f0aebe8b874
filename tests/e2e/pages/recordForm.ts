import type { Locator, Page } from "@playwright/test";

/** The new/edit form of any record type: fields by their exact label, the account picker, Save. */
export class RecordForm {
  readonly saveButton: Locator;
  readonly cancelButton: Locator;
  /** The question Esc asks when the form has changes. */
  readonly discardDialog: Locator;

  constructor(readonly page: Page) {
    this.saveButton = page.getByRole("button", { name: "Save" });
    this.cancelButton = page.getByRole("button", { name: "Cancel" });
    this.discardDialog = page.getByRole("dialog", { name: "Discard your changes?" });
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** Fills text fields: `{ label: value }`, in order. */
  async fill(fields: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(fields)) await this.field(label).fill(value);
  }

  async select(label: string, option: string): Promise<void> {
    await this.field(label).selectOption({ label: option });
  }

  /** Types `typed` into the account picker and picks the option named `option`. */
  async chooseAccount(typed: string, option: string | RegExp = typed): Promise<void> {
    await this.page.getByRole("combobox", { name: "Account" }).fill(typed);
    await this.page.getByRole("option", { name: option }).click();
  }

  /** The labels of the form's "More fields" (custom fields) group, in order, without the required mark. */
  customLabels(): Promise<string[]> {
    return this.page
      .locator('fieldset[data-section="custom"] label')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? "").replace(/\*|Required/g, "").trim()));
  }

  async save(): Promise<void> {
    await this.saveButton.click();
  }
}
