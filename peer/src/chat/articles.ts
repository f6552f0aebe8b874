import type { AnswerArticle } from "@crm/schema";

/*
 * Answer search without a model: a small BM25 over the team's answer articles, built per query
 * from the peer's projection (a team keeps tens to hundreds; building costs well under a
 * millisecond per article). Words are lower-cased Unicode letter/digit runs; Chinese, Japanese
 * and Korean text has no spaces, so those runs become overlapping character pairs (a lone
 * character stays itself). The question counts three times, the keywords twice, the answer once;
 * the visitor's last word also matches as a prefix (they are still typing it). Articles in the
 * visitor's language get a small lead.
 */

export interface ArticleHit {
  id: string;
  question: string;
  answer: string;
  language: string;
  score: number;
}

const STOP = new Set(
  "a an and are as at be but by can do does for from have how i if in is it me my of on or so that the this to was what when where which who why will with you your".split(
    " ",
  ),
);
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function words(text: string): string[] {
  const out: string[] = [];
  for (const run of text.toLocaleLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let latin = "";
    let cjk = "";
    const flushLatin = () => {
      if (latin.length > 1 && !STOP.has(latin)) out.push(latin);
      else if (/^\d$/.test(latin)) out.push(latin);
      latin = "";
    };
    const flushCjk = () => {
      if (cjk.length === 1) out.push(cjk);
      for (let i = 0; i + 1 < cjk.length; i++) out.push(cjk.slice(i, i + 2));
      cjk = "";
    };
    for (const ch of run) {
      if (CJK.test(ch)) {
        flushLatin();
        cjk += ch;
      } else {
        flushCjk();
        latin += ch;
      }
    }
    flushLatin();
    flushCjk();
  }
  return out;
}

const WEIGHTS = { question: 3, keywords: 2, answer: 1 } as const;
const K1 = 1.2;
const B = 0.75;

type Article = Pick<AnswerArticle, "id" | "question" | "answer" | "keywords" | "language">;

export function searchArticles(
  articles: readonly Article[],
  query: string,
  options: { language?: string; limit?: number } = {},
): ArticleHit[] {
  const terms = [...new Set(words(query))];
  if (!terms.length || !articles.length) return [];
  const prefix = /[\p{L}\p{N}]$/u.test(query) ? terms.at(-1) : undefined;
  const docs = articles.map((a) => {
    const fields = {
      question: words(a.question),
      keywords: words(a.keywords),
      answer: words(a.answer),
    };
    const length = fields.question.length * 3 + fields.keywords.length * 2 + fields.answer.length;
    return { a, fields, length };
  });
  const avg = docs.reduce((s, d) => s + d.length, 0) / docs.length || 1;
  const matches = (w: string, t: string) => (w === t ? 1 : t === prefix && t.length >= 2 && w.startsWith(t) ? 0.7 : 0);
  const hits: ArticleHit[] = [];
  for (const d of docs) {
    let score = 0;
    for (const t of terms) {
      let tf = 0;
      for (const key of Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[])
        for (const w of d.fields[key]) tf += matches(w, t) * WEIGHTS[key];
      if (!tf) continue;
      const df = docs.filter((o) => Object.values(o.fields).some((ws) => ws.some((w) => matches(w, t) > 0))).length;
      const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
      score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * d.length) / avg));
    }
    if (score <= 0) continue;
    if (options.language && d.a.language === options.language) score *= 1.1;
    hits.push({ id: d.a.id, question: d.a.question, answer: d.a.answer, language: d.a.language, score });
  }
  return hits.sort((x, y) => y.score - x.score || x.question.localeCompare(y.question)).slice(0, options.limit ?? 3);
}
