import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./appShell.js";

/** Data: CSV import, duplicates, trash. */
export class DataPage {
  readonly recordType: Locator;
  readonly csvFile: Locator;
  readonly finished: Locator;
  private readonly shell: AppShell;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.recordType = page.getByLabel("Record type", { exact: true });
    this.csvFile = page.getByLabel("CSV file", { exact: true });
    this.finished = page.getByRole("heading", { name: "Import finished" });
  }

  async goto(): Promise<void> {
    await this.shell.goTo("Data");
  }

  /** Chooses the record type (by its label, e.g. "Contacts") and a CSV file with `text`. */
  async chooseFile(type: string, name: string, text: string): Promise<void> {
    await this.recordType.selectOption({ label: type });
    await this.setFile(name, text);
  }

  /** The CSV file alone (the record type as the page chose it). */
  async setFile(name: string, text: string): Promise<void> {
    await this.csvFile.setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
  }

  /** The import button, named for its rows ("1 row", "1,000 rows"). */
  importButton(rows: string): Locator {
    return this.page.getByRole("button", { name: `Import ${rows}` });
  }

  /** From anywhere: Data, the file, Import; waits for "Import finished". */
  async importCsv(type: string, name: string, text: string, rows: string): Promise<void> {
    await this.goto();
    await this.chooseFile(type, name, text);
    await this.importButton(rows).click();
    await expect(this.finished).toBeVisible({ timeout: 30_000 });
  }

  async openTrash(): Promise<void> {
    await this.goto();
    await this.page.getByRole("link", { name: "Trash" }).click();
  }

  async openDuplicates(): Promise<void> {
    await this.goto();
    await this.page.getByRole("link", { name: "Duplicates" }).click();
  }

  /** A trash row by what it says (its record's name). */
  trashRow(name: string): Locator {
    return this.page.getByRole("row").filter({ hasText: name });
  }
}
