import type { Locator, Page } from "@playwright/test";

/** The notifications bell in the top bar and its panel (either language). */
export class BellMenu {
  readonly button: Locator;
  /** The unread count on the bell (hidden at zero). */
  readonly count: Locator;
  readonly panel: Locator;
  readonly items: Locator;
  readonly markAll: Locator;

  constructor(readonly page: Page) {
    this.button = page.getByRole("banner").getByRole("button", { name: /^(Notifications|通知)/ });
    this.count = this.button.locator(".bell-count");
    this.panel = page.getByRole("dialog", { name: /^(Notifications|通知)$/ });
    this.items = this.panel.getByRole("listitem");
    this.markAll = this.panel.getByRole("button", { name: /^(Mark all read|全部标为已读)$/ });
  }

  /** A notification by (part of) its text. */
  item(text: string | RegExp): Locator {
    return this.items.filter({ hasText: text });
  }

  async open(): Promise<void> {
    if ((await this.button.getAttribute("aria-expanded")) !== "true") await this.button.click();
  }
}
