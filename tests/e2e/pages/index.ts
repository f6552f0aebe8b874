import type { Page } from "@playwright/test";
import { AccountsPage } from "./accounts-page.js";
import { AppShell } from "./app-shell.js";
import { CommandPalette } from "./command-palette.js";
import { ContactsPage } from "./contacts-page.js";
import { DataPage } from "./data-page.js";
import { Device } from "./device.js";
import { RecordForm } from "./record-form.js";
import { RecordPage } from "./record-page.js";
import { ProductsPage, SalesPage } from "./sales-pages.js";
import { SettingsPage } from "./settings-page.js";
import { SqlConsole } from "./sql-console.js";
import { TeamPage } from "./team-page.js";

export { AccountsPage } from "./accounts-page.js";
export { AppShell } from "./app-shell.js";
export { InvitePage, SetupPage, SignInPage } from "./auth-pages.js";
export { CommandPalette } from "./command-palette.js";
export { ContactsPage } from "./contacts-page.js";
export { DataPage } from "./data-page.js";
export { Device } from "./device.js";
export { download } from "./downloads.js";
export { RecordForm } from "./record-form.js";
export { RecordPage } from "./record-page.js";
export { ProductsPage, SalesPage, type SalesTab } from "./sales-pages.js";
export { SettingsPage } from "./settings-page.js";
export { SqlConsole } from "./sql-console.js";
export { TeamPage } from "./team-page.js";

/** Every page model of one person's signed-in app, over one `Page`. */
export class App {
  readonly shell: AppShell;
  readonly accounts: AccountsPage;
  readonly contacts: ContactsPage;
  readonly sales: SalesPage;
  readonly products: ProductsPage;
  readonly data: DataPage;
  readonly settings: SettingsPage;
  readonly team: TeamPage;
  readonly sql: SqlConsole;
  readonly palette: CommandPalette;
  readonly form: RecordForm;
  readonly record: RecordPage;
  readonly device: Device;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.accounts = new AccountsPage(page);
    this.contacts = new ContactsPage(page);
    this.sales = new SalesPage(page);
    this.products = new ProductsPage(page);
    this.data = new DataPage(page);
    this.settings = new SettingsPage(page);
    this.team = new TeamPage(page);
    this.sql = new SqlConsole(page);
    this.palette = new CommandPalette(page);
    this.form = new RecordForm(page);
    this.record = new RecordPage(page);
    this.device = new Device(page);
  }

  /** The save/sync indicator. */
  get saveState() {
    return this.shell.saveState;
  }

  /** A link of the main navigation. */
  nav(name: string) {
    return this.shell.navLink(name);
  }
}
