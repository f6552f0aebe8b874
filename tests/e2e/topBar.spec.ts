import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.js";

const SHOTS = "test-results/topbar";

/*
 * The top bar at a laptop's width (1280 × 800): every section of the main navigation is fully
 * visible — inside the bar, not scrolled away, not under the bell or the account menu — in
 * English and in Chinese, for an admin (the most sections). Narrower, the sections that do not
 * fit move into a "More" menu that works by keyboard, and nothing overlaps.
 */

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Each nav link's box, the nav's, the controls at the end's, and whether the nav overflows. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const box = (el: Element): Box => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    const nav = document.querySelector("nav[aria-label].nav")!;
    const visible = [...nav.querySelectorAll("a.nav-link")].filter(
      (a) => getComputedStyle(a).visibility !== "hidden" && getComputedStyle(a).display !== "none",
    );
    return {
      nav: box(nav),
      navOverflows: nav.scrollWidth > nav.clientWidth + 1,
      links: visible.map((a) => ({ text: a.textContent ?? "", ...box(a) })),
      end: box(document.querySelector(".topbar-end")!),
      endChildren: [...document.querySelectorAll(".topbar-end *")]
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => box(el)),
      width: window.innerWidth,
    };
  });
}

function expectAllVisible(l: Awaited<ReturnType<typeof layout>>, names: string[]) {
  expect(l.navOverflows).toBe(false);
  expect(l.links.map((x) => x.text)).toEqual(names);
  for (const link of l.links) {
    expect(link.left, link.text).toBeGreaterThanOrEqual(l.nav.left - 0.5);
    expect(link.right, link.text).toBeLessThanOrEqual(l.nav.right + 0.5);
    expect(link.right, `${link.text} clear of the controls at the end`).toBeLessThanOrEqual(l.end.left + 0.5);
  }
  for (const b of l.endChildren) expect(b.right).toBeLessThanOrEqual(l.width + 0.5);
}

const EN = ["Accounts", "Contacts", "Sales", "Cases", "Activities", "Analytics", "Data", "Team"];
const ZH = ["客户", "联系人", "销售", "工单", "活动", "分析", "数据", "团队"];

test("at 1280 × 800 every section of the top bar is fully visible, in English and Chinese", async ({ a, ada }) => {
  await a.setViewportSize({ width: 1280, height: 800 });
  const nav = a.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Team" })).toBeVisible();
  for (const name of EN) await expect(nav.getByRole("link", { name, exact: true })).toBeInViewport({ ratio: 1 });
  expectAllVisible(await layout(a), EN);
  await a.screenshot({ path: `${SHOTS}/topbar-1280-en.png`, clip: { x: 0, y: 0, width: 1280, height: 120 } });

  await ada.shell.setLanguage("zh");
  const zhNav = a.getByRole("navigation", { name: "主导航" });
  await expect(zhNav.getByRole("link", { name: "团队" })).toBeVisible();
  for (const name of ZH) await expect(zhNav.getByRole("link", { name, exact: true })).toBeInViewport({ ratio: 1 });
  expectAllVisible(await layout(a), ZH);
  await a.screenshot({ path: `${SHOTS}/topbar-1280-zh.png`, clip: { x: 0, y: 0, width: 1280, height: 120 } });
});

test("narrower, the sections that do not fit are in a More menu that works by keyboard", async ({ a, ada }) => {
  await a.setViewportSize({ width: 1000, height: 800 });
  const nav = a.getByRole("navigation", { name: "Main" });
  const more = nav.getByRole("button", { name: "More" });
  await expect(more).toBeVisible();
  const l = await layout(a);
  // What is shown is whole, in order, and clear of the controls at the end.
  expect(l.links.length).toBeGreaterThan(0);
  expect(l.links.length).toBeLessThan(EN.length);
  expectAllVisible(l, EN.slice(0, l.links.length));
  const moreBox = (await more.boundingBox())!;
  expect(moreBox.x + moreBox.width).toBeLessThanOrEqual(l.end.left + 0.5);

  // By keyboard: open, go to the last section, back out with Escape, then open it.
  await more.focus();
  await a.keyboard.press("Enter");
  await expect(more).toHaveAttribute("aria-expanded", "true");
  const team = nav.getByRole("link", { name: "Team", exact: true });
  await expect(team).toBeInViewport({ ratio: 1 });
  await a.screenshot({ path: `${SHOTS}/topbar-1000-more-en.png`, clip: { x: 0, y: 0, width: 1000, height: 420 } });
  await a.keyboard.press("Escape");
  await expect(more).toHaveAttribute("aria-expanded", "false");
  await expect(more).toBeFocused();
  await a.keyboard.press("Enter");
  await team.focus();
  await a.keyboard.press("Enter");
  await expect(a).toHaveURL(/\/team$/);
  await expect(more).toHaveAttribute("aria-expanded", "false");
  await expect(more).toHaveClass(/current/);

  // Wider again: everything is back in the bar.
  await a.setViewportSize({ width: 1280, height: 800 });
  await expect(more).toHaveCount(0);
  expectAllVisible(await layout(a), EN);
  // The language changing at the same width measures again: Chinese is shorter, at 1000 px it
  // all fits; at 900 it does not.
  await a.setViewportSize({ width: 1000, height: 800 });
  await expect(more).toBeVisible();
  await ada.shell.setLanguage("zh");
  const zhNav = a.getByRole("navigation", { name: "主导航" });
  await expect(zhNav.getByRole("button", { name: "更多" })).toHaveCount(0);
  expectAllVisible(await layout(a), ZH);
  await a.setViewportSize({ width: 900, height: 800 });
  await expect(a.getByRole("navigation", { name: "主导航" }).getByRole("button", { name: "更多" })).toBeVisible();
  const zh = await layout(a);
  expectAllVisible(zh, ZH.slice(0, zh.links.length));
  await a.screenshot({ path: `${SHOTS}/topbar-900-zh.png`, clip: { x: 0, y: 0, width: 900, height: 120 } });
});
