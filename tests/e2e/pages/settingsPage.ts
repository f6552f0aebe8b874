import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./appShell.js";

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

  /** Opens a section as `open` does and waits for its heading. */
  async openSection(section: string): Promise<void> {
    await this.open(section);
    await expect(this.page.getByRole("heading", { level: 1, name: section })).toBeVisible();
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

  /**
   * Settings → Fields, the open record type: adds a field to the draft by typing (names, kind,
   * values), Enter to add it (it does not save the section); waits for "… added.".
   */
  async typeField(f: { en: string; zh: string; kind: string; values?: [string, string][] }): Promise<void> {
    const page = this.page;
    const group = page.getByRole("group", { name: "Add a field" });
    await group.getByLabel("Name (English)").focus();
    await page.keyboard.type(f.en);
    await page.keyboard.press("Tab");
    await expect(group.getByLabel("Name (Chinese)")).toBeFocused();
    await page.keyboard.type(f.zh);
    await group.getByLabel("Kind").selectOption({ label: f.kind });
    for (const [i, [en, zh]] of (f.values ?? []).entries()) {
      await group.getByRole("button", { name: "Add value" }).focus();
      await page.keyboard.press("Enter");
      await expect(group.getByLabel(`Value ${i + 1} (English)`)).toBeFocused();
      await page.keyboard.type(en);
      await page.keyboard.press("Tab");
      await page.keyboard.type(zh);
    }
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: `${f.en} added.` })).toBeAttached();
  }

  /**
   * Settings → Fields: adds a picklist field to a record type's records (values as [English,
   * Chinese] names), by keyboard, and saves it.
   */
  async addPicklistField(
    recordType: string,
    name: { en: string; zh: string },
    values: readonly (readonly [string, string])[],
  ): Promise<void> {
    await this.open("Fields");
    await this.page.getByLabel("Record type").selectOption(recordType);
    const group = this.page.getByRole("group", { name: "Add a field" });
    await group.getByLabel("Name (English)").fill(name.en);
    await group.getByLabel("Name (Chinese)").fill(name.zh);
    await group.getByLabel("Kind").selectOption({ label: "Picklist" });
    for (const [i, [en, zh]] of values.entries()) {
      await group.getByRole("button", { name: "Add value" }).press("Enter");
      await group.getByLabel(`Value ${i + 1} (English)`).fill(en);
      await group.getByLabel(`Value ${i + 1} (Chinese)`).fill(zh);
    }
    await group.getByRole("button", { name: "Add field" }).press("Enter");
    await expect(this.page.getByRole("status").filter({ hasText: `${name.en} added.` })).toBeAttached();
    await this.saveButton.press("Enter");
    await expect(this.saved).toBeVisible();
  }
}
