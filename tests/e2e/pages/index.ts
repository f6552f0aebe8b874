import type { Page } from "@playwright/test";
import { AccountsPage } from "./accountsPage.js";
import { AppShell } from "./appShell.js";
import { CasesPage } from "./casesPage.js";
import { CommandPalette } from "./commandPalette.js";
import { ContactsPage } from "./contactsPage.js";
import { DataPage } from "./dataPage.js";
import { Device } from "./device.js";
import { ListView } from "./listView.js";
import { RecordForm } from "./recordForm.js";
import { RecordPage } from "./recordPage.js";
import { ProductsPage, SalesPage } from "./salesPages.js";
import { SettingsPage } from "./settingsPage.js";
import { SqlConsole } from "./sqlConsole.js";
import { TeamPage } from "./teamPage.js";

export { AccountsPage } from "./accountsPage.js";
export { AppShell } from "./appShell.js";
export { InvitePage, SetupPage, SignInPage } from "./authPages.js";
export { CasesPage } from "./casesPage.js";
export { CommandPalette } from "./commandPalette.js";
export { ContactsPage } from "./contactsPage.js";
export { DataPage } from "./dataPage.js";
export { Device } from "./device.js";
export { download } from "./downloads.js";
export { ListView } from "./listView.js";
export { RecordForm } from "./recordForm.js";
export { RecordPage } from "./recordPage.js";
export { ProductsPage, SalesPage, type SalesTab } from "./salesPages.js";
export { SettingsPage } from "./settingsPage.js";
export { SqlConsole } from "./sqlConsole.js";
export { TeamPage } from "./teamPage.js";

/** Every page model of one person's signed-in app, over one `Page`. */
export class App {
  readonly shell: AppShell;
  readonly accounts: AccountsPage;
  readonly contacts: ContactsPage;
  readonly sales: SalesPage;
  readonly cases: CasesPage;
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
    this.cases = new CasesPage(page);
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

  /** The record list named `name` ("Accounts", "Cases", "Leads", "Pipeline", …) with its view bar. */
  list(name: string): ListView {
    return new ListView(this.page, name);
  }

  /** A link of the main navigation. */
  nav(name: string) {
    return this.shell.navLink(name);
  }
}
