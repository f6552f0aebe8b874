import { AccountType } from "./records/account.js";
import { ActivityType } from "./records/activity.js";
import { AnswerArticleType } from "./records/answerArticle.js";
import { CaseType } from "./records/case.js";
import { CaseMessageType } from "./records/caseMessage.js";
import { ConsentType } from "./records/consent.js";
import { ContactType } from "./records/contact.js";
import { LeadType } from "./records/lead.js";
import { OpportunityType } from "./records/opportunity.js";
import { OrderType } from "./records/order.js";
import { ProductType } from "./records/product.js";
import { QuoteType } from "./records/quote.js";
import { SegmentType } from "./records/segment.js";
import { SurveyResponseType } from "./records/surveyResponse.js";

/**
 * Every record type, by collection name. Its own module so that domain logic (imports, merges)
 * can look a type up without importing the package index.
 */
export const recordTypes = {
  accounts: AccountType,
  contacts: ContactType,
  leads: LeadType,
  opportunities: OpportunityType,
  products: ProductType,
  quotes: QuoteType,
  orders: OrderType,
  cases: CaseType,
  activities: ActivityType,
  surveyResponses: SurveyResponseType,
  caseMessages: CaseMessageType,
  answerArticles: AnswerArticleType,
  consents: ConsentType,
  segments: SegmentType,
} as const;
export type CollectionName = keyof typeof recordTypes;

/** The record type with that singular name ("opportunity"), or undefined. */
export function typeByName(typeName: string) {
  return Object.values(recordTypes).find((t) => t.typeName === typeName);
}
