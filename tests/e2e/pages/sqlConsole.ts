import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./appShell.js";

/** Analytics' SQL console. */
export class SqlConsole {
  readonly editor: Locator;
  readonly result: Locator;
  readonly savedQueries: Locator;
  readonly title: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByLabel("SQL", { exact: true });
    this.result = page.getByRole("table", { name: "Query result" });
    this.savedQueries = page.getByRole("region", { name: "Saved queries" });
    this.title = page.getByLabel("Query title");
  }

  /** Analytics, then the console; waits for the editor (the engine's first start is slow). */
  async open(): Promise<void> {
    await new AppShell(this.page).goTo("Analytics");
    await this.page.getByRole("link", { name: "SQL console" }).click();
    await expect(this.editor).toBeVisible({ timeout: 60_000 });
  }

  /** Replaces the editor's text with `sql` and runs it (Ctrl+Enter). */
  async run(sql: string): Promise<void> {
    await this.editor.click();
    await this.page.keyboard.press("Control+A");
    await this.page.keyboard.press("Delete");
    await this.editor.fill(sql);
    await this.editor.press("Control+Enter");
  }
}
