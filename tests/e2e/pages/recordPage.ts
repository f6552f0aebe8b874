import type { Locator, Page } from "@playwright/test";

/** One record's page (account, contact, deal, case…): its heading, details, notes, Edit, Delete, History. */
export class RecordPage {
  readonly details: Locator;
  readonly notes: Locator;
  readonly editLink: Locator;
  readonly historyLink: Locator;
  /** The field history table, once on the History page (English name). */
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.details = page.locator(".details");
    this.notes = page.getByRole("textbox", { name: "Notes" });
    this.editLink = page.getByRole("link", { name: "Edit", exact: true });
    this.historyLink = page.getByRole("link", { name: "History" });
    this.history = page.getByRole("table", { name: "Field history" });
  }

  /** The "More fields" (custom fields) value of `label` ("—" when empty). */
  moreField(label: string): Locator {
    return this.page
      .getByRole("region", { name: "More fields" })
      .locator(".detail")
      .filter({ has: this.page.getByRole("term").filter({ hasText: new RegExp(`^${label}$`) }) })
      .getByRole("definition");
  }

  heading(name?: string | RegExp): Locator {
    return this.page.getByRole("heading", { level: 1, ...(name === undefined ? {} : { name }) });
  }

  async edit(): Promise<void> {
    await this.editLink.click();
  }

  /** Delete, then the confirmation's Delete. */
  async delete(): Promise<void> {
    await this.page.getByRole("button", { name: "Delete" }).click();
    await this.page.getByRole("button", { name: "Delete" }).click();
  }

  async openHistory(): Promise<void> {
    await this.historyLink.click();
  }

  /** Clicks into the notes and types there. */
  async typeNotes(text: string): Promise<void> {
    await this.notes.click();
    await this.page.keyboard.type(text);
  }

  /** The notes' text as the person reads it: other people's caret labels are not part of it. */
  noteText(): Promise<string> {
    return this.notes.evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      for (const caret of copy.querySelectorAll(".collaboration-carets__caret")) caret.remove();
      return copy.textContent ?? "";
    });
  }
}
