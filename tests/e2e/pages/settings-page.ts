import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./app-shell.js";

/** Workspace settings: a section per tab, each saved (or discarded) on its own. */
export class SettingsPage {
  readonly sections: Locator;
  readonly saveButton: Locator;
  /** "Saved." once a section is saved. */
  readonly saved: Locator;
  readonly currency: Locator;
  private readonly shell: AppShell;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.sections = page.getByRole("navigation", { name: "Settings sections" });
    this.saveButton = page.getByRole("button", { name: "Save changes" });
    this.saved = page.getByRole("status").filter({ hasText: "Saved." });
    this.currency = page.getByLabel("Workspace currency");
  }

  /** Opens a section the way a person does: the account menu's "Settings", then the section. */
  async open(section: string): Promise<void> {
    await this.shell.openSettings();
    await this.section(section);
  }

  /** Another section, from the settings screen's own navigation. */
  async section(name: string): Promise<void> {
    await this.sections.getByRole("link", { name }).click();
  }

  /** Save changes, and wait for "Saved.". */
  async save(): Promise<void> {
    await this.saveButton.click();
    await expect(this.saved).toBeVisible();
  }

  /** The stage names of the pipeline table, in order (the inputs show them). */
  stageNames(): Promise<string[]> {
    return this.page
      .locator(".stages-table tbody tr input[data-control=name]")
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  }

  /** The default country for phone numbers (e.g. "Germany (+49)"), saved. */
  async setPhoneRegion(label: string): Promise<void> {
    await this.open("Phone numbers");
    await this.page.getByLabel("Default country for phone numbers").selectOption({ label });
    await this.save();
  }

  /** The workspace currency (e.g. "USD"), saved. */
  async setCurrency(code: string): Promise<void> {
    await this.open("Currency");
    await this.currency.selectOption(code);
    await this.save();
  }
}
