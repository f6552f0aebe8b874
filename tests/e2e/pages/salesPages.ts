import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./appShell.js";
import { RecordForm } from "./recordForm.js";
import { RecordPage } from "./recordPage.js";

export type SalesTab = "Pipeline" | "Leads" | "Quotes" | "Orders" | "Price book";

/** Sales: its tabs (pipeline board, leads, quotes, orders), deals, leads and quotes made through the UI. */
export class SalesPage {
  readonly tabs: Locator;
  /** The pipeline board's column titles, in order. */
  readonly boardColumns: Locator;
  private readonly shell: AppShell;
  private readonly form: RecordForm;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.form = new RecordForm(page);
    this.tabs = page.getByRole("navigation", { name: "Sales" });
    this.boardColumns = page.locator(".kanban .kanban-column h2");
  }

  async goto(tab?: SalesTab): Promise<void> {
    await this.shell.goTo("Sales");
    if (tab) await this.openTab(tab);
  }

  /** Another tab, from the Sales screen's own navigation. */
  async openTab(tab: SalesTab): Promise<void> {
    await this.tabs.getByRole("link", { name: tab, exact: true }).click();
  }

  /** A column of the pipeline board, by its stage's name. */
  column(stage: string): Locator {
    return this.page.locator(".kanban").getByRole("region", { name: stage, exact: true });
  }

  /** The stage (`data-stage`, e.g. "won") of the board column that shows the deal `name`. */
  boardStageOf(name: string): Promise<string | null> {
    return this.page
      .locator(".kanban-column", { has: this.page.getByRole("link", { name }) })
      .getAttribute("data-stage");
  }

  /**
   * From the Leads tab: New lead, the text fields by label, the choices (`{ label: option value
   * or label }`), Save; waits for the lead's page, headed by its first and last name.
   */
  async createLead(fields: Record<string, string>, selects: Record<string, string> = {}): Promise<RecordPage> {
    await this.goto("Leads");
    await this.page.getByRole("button", { name: "New lead" }).click();
    await this.form.fill(fields);
    for (const [label, value] of Object.entries(selects)) await this.form.field(label).selectOption(value);
    await this.form.save();
    const record = new RecordPage(this.page);
    await expect(record.heading([fields["First name"], fields["Last name"]].filter(Boolean).join(" "))).toBeVisible();
    return record;
  }

  /** Converts the open lead (into `account` if given, else a new one); lands on the new deal's page. */
  async convertOpenLead(opts: { account?: string; amount: string; close?: string }): Promise<void> {
    await this.page.getByRole("button", { name: "Convert", exact: true }).click();
    if (opts.account) await this.page.getByRole("radio", { name: opts.account }).check();
    await this.form.field("Amount").fill(opts.amount);
    if (opts.close) await this.form.field("Expected close date").fill(opts.close);
    await this.page.getByRole("button", { name: "Convert lead" }).click();
  }

  /** A new deal for an existing account (typed in lower case, picked by name) worth 5,000; waits for its page. */
  async createDeal(name: string, account: string): Promise<RecordPage> {
    await this.page.goto(`${new URL(this.page.url()).origin}/opportunities/new`);
    await this.form.fill({ Name: name });
    await this.form.chooseAccount(account.toLowerCase(), new RegExp(account));
    await this.form.fill({ Amount: "5000" });
    await this.form.save();
    const record = new RecordPage(this.page);
    await expect(record.heading(name)).toBeVisible();
    return record;
  }

  /** A one-line quote for `account` through the UI (no page load: works offline) → its number. */
  async createQuote(account: string, product: string): Promise<string> {
    await this.goto("Quotes");
    await this.page
      .getByRole("button", { name: /New quote|Create your first quote/ })
      .first()
      .click();
    await this.form.chooseAccount(account.toLowerCase(), new RegExp(account));
    await this.form.field("Product").selectOption({ label: product });
    await this.page.getByRole("button", { name: "Add product" }).click();
    await this.form.save();
    const heading = this.page.getByRole("heading", { level: 1, name: /^Quote / });
    await expect(heading).toBeVisible();
    return ((await heading.textContent()) ?? "").replace(/^Quote /, "");
  }

  /** Sends and accepts the open quote → the new order's number. */
  async acceptOpenQuote(): Promise<string> {
    await this.page.getByRole("button", { name: "Mark sent" }).click();
    await this.page.getByRole("button", { name: "Accept" }).click();
    const note = this.page.getByText(/^Accepted: became order /);
    await expect(note).toBeVisible();
    return ((await note.textContent()) ?? "").replace(/^Accepted: became order /, "").replace(/\.$/, "");
  }

  /** Every quote (or order) number in the list, as the page shows them, sorted. */
  async listedNumbers(tab: "Quotes" | "Orders"): Promise<string[]> {
    await this.goto(tab);
    const links = this.page.locator(".record-row").getByRole("link", { name: /^[QO]-/ });
    return (await links.allTextContents()).sort();
  }
}

/** The price book. */
export class ProductsPage {
  constructor(readonly page: Page) {}

  async create(name: string, sku: string, price: string): Promise<RecordPage> {
    await this.page.goto(`${new URL(this.page.url()).origin}/products`);
    await this.page.getByRole("button", { name: "New product" }).first().click();
    const form = new RecordForm(this.page);
    await form.fill({ Name: name, SKU: sku, "Unit price": price });
    await form.save();
    const record = new RecordPage(this.page);
    await expect(record.heading(name)).toBeVisible();
    return record;
  }
}
