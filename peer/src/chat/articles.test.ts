import { describe, expect, it } from "vitest";
import { searchArticles, words } from "./articles.js";

const article = (id: string, question: string, answer: string, keywords = "", language: "en" | "zh" = "en") => ({
  id,
  question,
  answer,
  keywords,
  language,
});

const articles = [
  article("pw", "How do I reset my password?", "Use the Forgot password link on the sign-in page.", "login, sign in"),
  article("ship", "How long does shipping take?", "Orders ship within 2 days; delivery takes 3 to 5 days.", "delivery"),
  article("refund", "Can I get a refund?", "Yes, within 30 days. Your password is not needed.", "money back, return"),
  article("pw-zh", "如何重置密码？", "在登录页面点击“忘记密码”。", "登录", "zh"),
];

describe("answer search", () => {
  it("splits words, drops stop words, and pairs CJK characters", () => {
    expect(words("How do I reset my Password?")).toEqual(["reset", "password"]);
    expect(words("重置密码")).toEqual(["重置", "置密", "密码"]);
    expect(words("退")).toEqual(["退"]);
  });

  it("ranks the article whose question matches above one that only mentions the word", () => {
    const hits = searchArticles(articles, "forgot my password");
    expect(hits.map((h) => h.id)).toEqual(["pw", "refund"]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it("matches keywords, and the word being typed as a prefix", () => {
    expect(searchArticles(articles, "I cannot sign in")[0]!.id).toBe("pw");
    expect(searchArticles(articles, "money back please")[0]!.id).toBe("refund");
    expect(searchArticles(articles, "deliv")[0]!.id).toBe("ship");
    // A finished word is not a prefix: "deliv" followed by a space finds nothing.
    expect(searchArticles(articles, "deliv ").map((h) => h.id)).toEqual([]);
  });

  it("finds Chinese questions without spaces", () => {
    expect(searchArticles(articles, "我忘记了密码")[0]!.id).toBe("pw-zh");
  });

  it("returns nothing for no words, and at most `limit` hits", () => {
    expect(searchArticles(articles, "the and of")).toEqual([]);
    expect(searchArticles(articles, "")).toEqual([]);
    expect(searchArticles(articles, "password days", { limit: 1 })).toHaveLength(1);
  });

  it("prefers the visitor's language when scores are alike", () => {
    const twins = [
      article("en", "Opening hours", "9 to 5", "", "en"),
      article("zh", "Opening hours", "9 to 5", "", "zh"),
    ];
    expect(searchArticles(twins, "opening hours", { language: "zh" })[0]!.id).toBe("zh");
    expect(searchArticles(twins, "opening hours", { language: "en" })[0]!.id).toBe("en");
  });
});
