import type { WorkspacePeer } from "../peer.js";

/*
 * What the customer reads — the CSAT mail and the answer pages — in the workspace's language.
 * Workspaces have no language setting; their default phone region is the nearest thing they say
 * about where their customers are (CN, HK, MO, TW → Chinese, anything else English).
 */

export type SurveyLanguage = "en" | "zh";

export function workspaceLanguage(peer: WorkspacePeer): SurveyLanguage {
  const region = peer.settings().defaultRegion.toUpperCase();
  return ["CN", "HK", "MO", "TW"].includes(region) ? "zh" : "en";
}

export interface SurveyTexts {
  subject(caseSubject: string): string;
  greeting(name: string): string;
  question(caseSubject: string): string;
  scores: Record<1 | 2 | 3 | 4 | 5, string>;
  oneClick: string;
  // The answer pages.
  pageTitle: string;
  thanks(score: number): string;
  changeNote: string;
  commentLabel: string;
  commentSend: string;
  commentSaved: string;
  invalid: string;
  invalidHint: string;
  expired: string;
  expiredHint: string;
  locked(score: number): string;
  lockedHint: string;
  gone: string;
  badScore: string;
  tooMany: string;
}

export const surveyTexts: Record<SurveyLanguage, SurveyTexts> = {
  en: {
    subject: (s) => `How did we do? ${s ? `“${s}”` : ""}`.trim(),
    greeting: (name) => `Hello ${name || "there"},`,
    question: (s) =>
      `your request${s ? ` “${s}”` : ""} has been resolved. How satisfied are you with the help you got?`,
    scores: { 5: "Very satisfied", 4: "Satisfied", 3: "Neutral", 2: "Dissatisfied", 1: "Very dissatisfied" },
    oneClick: "One click records your answer. You can change it within 24 hours.",
    pageTitle: "Your feedback",
    thanks: (n) => `Thank you! We recorded your answer: ${n} of 5.`,
    changeNote: "Clicked the wrong one? Choose again within 24 hours:",
    commentLabel: "Anything you would like to add? (optional)",
    commentSend: "Send comment",
    commentSaved: "Thank you, your comment was saved.",
    invalid: "This survey link is not valid.",
    invalidHint: "It may have been cut off or changed. Please use the link from the email exactly as it is.",
    expired: "This survey link has expired.",
    expiredHint: "Survey links work for 30 days after the email was sent.",
    locked: (n) => `Your answer (${n} of 5) was recorded more than 24 hours ago and can no longer be changed.`,
    lockedHint: "Thank you for your feedback.",
    gone: "This survey is no longer available.",
    badScore: "Please choose a score from 1 to 5.",
    tooMany: "Too many requests. Please try again in a minute.",
  },
  zh: {
    subject: (s) => `您对我们的服务满意吗？${s ? `“${s}”` : ""}`,
    greeting: (name) => `${name || "您"}好：`,
    question: (s) => `您的请求${s ? `“${s}”` : ""}已经解决。您对我们的帮助满意吗？`,
    scores: { 5: "非常满意", 4: "满意", 3: "一般", 2: "不满意", 1: "非常不满意" },
    oneClick: "点击一次即可记录您的评价，24 小时内可以修改。",
    pageTitle: "您的反馈",
    thanks: (n) => `谢谢！我们已记录您的评价：${n} 分（满分 5 分）。`,
    changeNote: "点错了？24 小时内可以重新选择：",
    commentLabel: "还有什么想告诉我们的吗？（可选）",
    commentSend: "提交意见",
    commentSaved: "谢谢，您的意见已保存。",
    invalid: "此调查链接无效。",
    invalidHint: "链接可能不完整或被修改，请使用邮件中的原始链接。",
    expired: "此调查链接已过期。",
    expiredHint: "调查链接在邮件发出后 30 天内有效。",
    locked: (n) => `您的评价（${n} 分）已在 24 小时前记录，无法再修改。`,
    lockedHint: "感谢您的反馈。",
    gone: "此调查已不再可用。",
    badScore: "请选择 1 到 5 分。",
    tooMany: "请求过多，请稍后再试。",
  },
};
