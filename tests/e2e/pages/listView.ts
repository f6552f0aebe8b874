import { expect, type Locator, type Page } from "@playwright/test";

/** Any record list with its view bar: columns, filters, sort and grouping. */
export class ListView {
  readonly list: Locator;
  readonly rows: Locator;
  readonly groupBy: Locator;
  readonly sortBy: Locator;

  /** `name` is the list's accessible name: "Accounts", "Cases", … */
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {
    this.list = page.getByRole("list", { name });
    this.rows = this.list.getByRole("listitem");
    this.groupBy = page.getByLabel("Group by");
    this.sortBy = page.getByLabel("Sort by");
  }

  row(text: string): Locator {
    return this.rows.filter({ hasText: text });
  }

  /** The column headers' words (as written: the head shows them upper-cased). */
  headers(): Promise<string[]> {
    return this.list
      .locator("xpath=../..")
      .getByRole("columnheader")
      .evaluateAll((els) => els.map((el) => (el.textContent ?? "").replace(/[↑↓]/g, "").trim()));
  }

  /** The lines as read: each row's name, each group header's name and count ("Gold 2"). */
  lines(): Promise<string[]> {
    return this.list
      .locator(".row-link, .group-toggle")
      .evaluateAll((els) =>
        els.map((el) =>
          el.classList.contains("row-link")
            ? (el.textContent ?? "")
            : `${el.querySelector(".group-name")?.textContent} ${el.querySelector(".group-count")?.textContent}`,
        ),
      );
  }

  /** Each row's name and each group's name, as shown (innerText); none while the list has no rows. */
  async names(): Promise<string[]> {
    return (await this.rows.all()).length ? await this.list.locator(".row-link, .group-name").allInnerTexts() : [];
  }

  /** Opens the column chooser from the keyboard; its first column's tick has the focus. */
  async openChooser(): Promise<Locator> {
    await this.page.getByRole("button", { name: "Columns" }).press("Enter");
    const dialog = this.page.getByRole("dialog", { name: "Choose columns" });
    await expect(dialog.getByRole("checkbox").first()).toBeFocused();
    return dialog;
  }

  /** Ticks (or unticks) a column in the chooser by keyboard and closes it. */
  async toggleColumn(label: string): Promise<void> {
    const dialog = await this.openChooser();
    const box = dialog.getByRole("checkbox", { name: label });
    await box.focus();
    await this.page.keyboard.press("Space");
    await this.page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
  }

  /** The view bar's "Add filter", by keyboard: Enter opens it, the choices are made, Enter adds. */
  async addFilter(field: string, op: string, value: string): Promise<void> {
    await this.page.getByRole("button", { name: "+ Add filter" }).press("Enter");
    const dialog = this.page.getByRole("dialog", { name: "Add a filter" });
    await expect(dialog.getByLabel("Field")).toBeFocused();
    await dialog.getByLabel("Field").selectOption({ label: field });
    await dialog.getByLabel("Condition").selectOption({ label: op });
    await dialog.getByLabel("Value").selectOption({ label: value });
    await dialog.getByLabel("Value").press("Enter");
    await expect(dialog).toHaveCount(0);
  }

  /**
   * The view bar's "Add filter" by mouse: the field, the condition, then the value (picked in a
   * list or typed, whichever the field offers) or the values to tick; the dialog's Add.
   */
  async addFilterByMouse(field: string, op: string, value?: string | readonly string[]): Promise<void> {
    await this.page.getByRole("button", { name: "+ Add filter" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Add a filter" });
    await dialog.getByLabel("Field").selectOption({ label: field });
    await dialog.getByLabel("Condition").selectOption({ label: op });
    if (typeof value === "string") {
      const input = dialog.getByLabel("Value");
      if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption({ label: value });
      else await input.fill(value);
    } else if (value) {
      for (const v of value) await dialog.getByRole("checkbox", { name: v }).check();
    }
    await dialog.getByRole("button", { name: "Add" }).click();
  }

  /** Removes the filter chip that reads `text` ("Tier is Gold"). */
  async removeFilter(text: string): Promise<void> {
    await this.page.getByRole("button", { name: `Remove filter: ${text}` }).press("Enter");
  }
}
