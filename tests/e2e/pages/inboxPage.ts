import type { Locator, Page } from "@playwright/test";

/** The agents' inbox (/inbox): the queue, the selected conversation, its dialogs. */
export class InboxPage {
  readonly queue: Locator;
  readonly detail: Locator;
  readonly assignee: Locator;
  readonly presence: Locator;

  constructor(readonly page: Page) {
    this.queue = page.getByRole("listbox", { name: /^(Conversations|会话)$/ });
    this.detail = page.locator(".inbox-detail");
    this.assignee = page.getByTestId("inbox-assignee");
    this.presence = this.detail.getByRole("status").first();
  }

  async goto(): Promise<void> {
    // The inbox is a view of the cases: Cases in the top bar, then its Inbox tab.
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cases" }).click();
    await this.page.getByRole("navigation", { name: "Case views" }).getByRole("link", { name: "Inbox" }).click();
    await this.queue.waitFor();
  }

  row(subject: string): Locator {
    return this.queue.getByRole("option").filter({ hasText: subject });
  }

  title(): Locator {
    return this.detail.getByRole("heading", { level: 2 }).first();
  }

  tab(name: RegExp): Locator {
    return this.page.getByRole("button", { name });
  }

  replyBox(): Locator {
    return this.detail.getByRole("textbox", { name: "Reply to the customer" });
  }
}
