import { expect, type Locator, type Page } from "@playwright/test";

/** Ctrl/⌘+K: find a record or a screen. */
export class CommandPalette {
  readonly box: Locator;
  readonly results: Locator;

  constructor(readonly page: Page) {
    this.box = page.getByRole("combobox", { name: /Find a record or a screen|查找记录或页面/ });
    this.results = page.getByRole("listbox", { name: /Results|结果/ });
  }

  /** Opens the palette and types `query` (the box has the focus first). */
  async search(query: string): Promise<void> {
    await this.page.keyboard.press("Control+k");
    await expect(this.box).toBeFocused();
    await this.page.keyboard.type(query);
  }

  /** Searches, checks that the first (selected) option reads `label`, and opens it with Enter. */
  async go(query: string, label: string | RegExp): Promise<void> {
    await this.search(query);
    const first = this.results.getByRole("option").first();
    await expect(first).toHaveAttribute("aria-selected", "true");
    await expect(first).toContainText(label);
    await this.page.keyboard.press("Enter");
    await expect(this.box).toHaveCount(0);
  }
}
