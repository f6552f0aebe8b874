import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.js";

/*
 * The dashboards at 1280 × 800 over the demo workspace, in English and in Chinese: nothing
 * overlaps or spills (axis labels, the cohort heatmap, card buttons) and nothing is left in SQL's
 * or the code's words (column names, axis titles, collections, channels).
 */

type Box = { left: number; right: number; top: number; bottom: number };

/** What a person sees of the dashboards, measured in the page. */
function measure(page: Page) {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    const cards = [...document.querySelectorAll(".analytics-card")].map((card) => ({
      title: card.querySelector("h3")?.textContent ?? "",
      card: box(card),
      heading: box(card.querySelector("h3")!),
      buttons: [...card.querySelectorAll(".analytics-card-actions button")].map(box),
      // Each group of a chart's tick labels (x-axis, y-axis), and the figures inside heatmap cells.
      ticks: [...card.querySelectorAll('svg g[aria-label$="tick label"], svg g[aria-label="text"]')].map((g) => ({
        group: g.getAttribute("aria-label") ?? "",
        labels: [...g.querySelectorAll("text")].filter((t) => t.textContent?.trim()).map(box),
        fontPx: Math.min(
          ...[...g.querySelectorAll("text")].map((t) => Number.parseFloat(getComputedStyle(t).fontSize)),
        ),
      })),
      axisTitles: [...card.querySelectorAll('svg g[aria-label$="-axis label"] text')].map((t) => t.textContent ?? ""),
      tickTexts: [...card.querySelectorAll('svg g[aria-label="y-axis tick label"] text')].map(
        (t) => t.textContent ?? "",
      ),
      headers: [...card.querySelectorAll("th")].map((th) => th.textContent ?? ""),
      figures: [...card.querySelectorAll("dt")].map((dt) => dt.textContent ?? ""),
    }));
    return { cards, summary: document.querySelector(".analytics-summary")?.textContent ?? "" };
  });
}

const overlap = (a: Box, b: Box) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;

/** Flips every chart card between chart and table. */
async function toggleTables(page: Page, label: string) {
  for (const toggle of await page.getByRole("button", { name: label }).all()) await toggle.click();
}

/** Everything that spills or overlaps, in words (empty when the page is legible). */
async function layoutProblems(page: Page): Promise<string[]> {
  const { cards } = await measure(page);
  const problems: string[] = [];
  if (cards.length < 10) problems.push(`only ${cards.length} cards`);
  for (const c of cards) {
    for (const b of c.buttons) {
      if (b.left < c.card.left || b.right > c.card.right) problems.push(`${c.title}: a button leaves its card`);
    }
    // The title keeps a readable width (not one word per line beside the buttons).
    if (c.heading.right - c.heading.left < 160) problems.push(`${c.title}: title squeezed`);
    for (const g of c.ticks) {
      if (g.fontPx < 10) problems.push(`${c.title} ${g.group}: ${g.fontPx}px text`);
      let overlaps = 0;
      for (let i = 0; i < g.labels.length; i++) {
        for (let j = i + 1; j < g.labels.length; j++) if (overlap(g.labels[i]!, g.labels[j]!)) overlaps += 1;
      }
      if (overlaps) problems.push(`${c.title} ${g.group}: ${overlaps} overlapping labels`);
    }
  }
  return problems;
}

test("dashboards are legible at 1280 px and speak the page's language, English and Chinese", async ({ a, ada }) => {
  await ada.device.loadDemo();
  await ada.shell.goTo("Analytics");
  const charts = a.locator(".analytics-card-body svg");
  await expect.poll(() => charts.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(7);
  await expect(a.getByRole("region", { name: "Retention by cohort" }).locator("svg")).toBeVisible();

  expect(await layoutProblems(a)).toEqual([]);
  const snake = /\b[a-z]+_[a-z_]+\b/;
  const en = await measure(a);
  for (const c of en.cards) {
    for (const t of [...c.axisTitles, ...c.figures]) expect(t, c.title).not.toMatch(snake);
  }
  expect(en.cards.find((c) => c.title === "CSAT by channel")?.tickTexts).toEqual(["Chat", "Email", "Phone", "Web"]);
  expect(en.summary).toMatch(/^On this device: accounts 120 · contacts 360 · leads 60 · deals 90 /);
  await toggleTables(a, "Show as table");
  for (const c of (await measure(a)).cards) for (const h of c.headers) expect(h, c.title).not.toMatch(snake);
  expect(await layoutProblems(a)).toEqual([]);
  await toggleTables(a, "Show as table");

  // Chinese: every header, axis title, figure label, channel and collection in Chinese.
  await ada.shell.setLanguage("zh");
  await expect(a.getByRole("heading", { name: "分析", level: 1 })).toBeVisible();
  await expect.poll(() => charts.count()).toBeGreaterThanOrEqual(7);
  expect(await layoutProblems(a)).toEqual([]);
  const chinese = /[\u4e00-\u9fff]|^(CSAT|NPS|CLTV)( \(%\))?$/;
  const zh = await measure(a);
  expect(zh.summary).toBe(
    "本设备上：客户 120 · 联系人 360 · 线索 60 · 商机 90 · 产品 24 · 报价 60 · 订单 600 · 工单 80 · 活动 400 · 调查回复 90 · 工单会话 0 · 答案文章 0 · 订阅同意记录 0",
  );
  // Plot's arrows (↑ →) aside.
  const words = (t: string) => t.replace(/[↑↓←→]/g, "").trim();
  for (const c of zh.cards) for (const t of [...c.axisTitles, ...c.figures]) expect(words(t), c.title).toMatch(chinese);
  expect(zh.cards.find((c) => c.title === "各渠道的 CSAT")?.tickTexts).toEqual(["在线聊天", "邮件", "电话", "网页"]);
  await toggleTables(a, "以表格显示");
  for (const c of (await measure(a)).cards) for (const h of c.headers) expect(h, c.title).toMatch(chinese);
  expect(await layoutProblems(a)).toEqual([]);
});
