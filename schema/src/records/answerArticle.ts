import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { searchWords } from "./account.js";

// An AnswerArticle is one of the team's ready answers: the chat widget offers the best-matching
// ones to a visitor before and while they wait for a person (peer/src/chat/articles.ts). Which
// ones helped is recorded on the chat's conversation (CaseMessage.answerArticleId).

export const articleLanguages = ["en", "zh"] as const;
export type ArticleLanguage = (typeof articleLanguages)[number];

export interface AnswerArticle extends BaseRecord {
  question: string;
  answer: string;
  /** Extra words a visitor may use for it, separated by commas or spaces. */
  keywords: string;
  language: ArticleLanguage;
}

export const answerArticleFields = defineFields<AnswerArticle>({
  question: field.text(
    { en: "Question", zh: "问题" },
    {
      required: true,
      maxLength: 300,
      defaultColumn: true,
      aliases: { en: ["question", "title"], zh: ["问题", "标题"] },
    },
  ),
  answer: field.longText(
    { en: "Answer", zh: "答案" },
    { required: true, maxLength: 10_000, aliases: { en: ["answer", "body"], zh: ["答案", "回答"] } },
  ),
  keywords: field.text(
    { en: "Keywords", zh: "关键词" },
    { maxLength: 500, defaultColumn: true, aliases: { en: ["keywords", "tags"], zh: ["关键词", "标签"] } },
  ),
  language: field.picklist(
    { en: "Language", zh: "语言" },
    labelled(articleLanguages, { en: { en: "English", zh: "英语" }, zh: { en: "Chinese", zh: "中文" } }),
    { default: "en", defaultColumn: true, aliases: { en: ["language", "lang"], zh: ["语言"] } },
  ),
});

export const AnswerArticleType = defineRecordType<AnswerArticle>({
  typeName: "answerArticle",
  collection: "answerArticles",
  // A team keeps tens to a few hundred answers: one document.
  shards: 1,
  migrations: [],
  fields: answerArticleFields,
  searchTerms: (a) => searchWords(a.question, a.keywords).slice(0, 40),
  sortKey: (a) => a.question.toLocaleLowerCase(),
});

export const answerArticleInput = AnswerArticleType.input;
export type AnswerArticleInput = RecordInput<AnswerArticle>;
