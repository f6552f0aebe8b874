import type { Locator, Page } from "@playwright/test";

/** What every signed-in screen has: the main navigation, the banner, the save state, the language. */
export class AppShell {
  readonly mainNav: Locator;
  readonly banner: Locator;
  /** The save/sync indicator ("Saved locally", "Syncing", "Synced", "Offline", "Not syncing"), either language. */
  readonly saveState: Locator;
  readonly signOutButton: Locator;

  constructor(readonly page: Page) {
    this.mainNav = page.getByRole("navigation", { name: "Main" });
    this.banner = page.getByRole("banner");
    this.saveState = page
      .getByRole("status")
      .filter({ hasText: /Saved locally|Syncing|Synced|Offline|Not syncing|已保存到本机|正在同步|已同步|离线|未同步/ });
    this.signOutButton = page.getByRole("button", { name: "Sign out" });
  }

  /** A link of the main navigation (pages also have breadcrumbs with the same words). */
  navLink(name: string): Locator {
    return this.mainNav.getByRole("link", { name });
  }

  async goTo(name: string): Promise<void> {
    await this.navLink(name).click();
  }

  /** Switches the interface language from whichever one is showing. */
  async setLanguage(lang: "en" | "zh"): Promise<void> {
    await this.page.getByRole("combobox", { name: /^(Language|语言)$/ }).selectOption(lang);
  }

  /** The account menu's "Settings" link (the settings screen opens on its first section). */
  async openSettings(): Promise<void> {
    await this.banner.getByRole("link", { name: "Settings", exact: true }).click();
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
  }
}
