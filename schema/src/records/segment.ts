import { z } from "zod";
import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import { type Filter, filterSchema } from "../filters/filter.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { searchWords } from "./account.js";

// A Segment is a named, live set of contacts: list-view filters over the contact's fields
// (custom fields included) plus conditions on related records ("has an order in the last 90
// days"), or SQL over the analytics tables (evaluated in the browser's DuckDB only).

/** The related record types a condition can look through, and the field that links each to a contact. */
export const segmentRelations = {
  orders: ["accountId"],
  cases: ["contactId", "accountId"],
  opportunities: ["accountId"],
  activities: ["relatedId", "accountId"],
  quotes: ["accountId"],
} as const;
export type SegmentRelation = keyof typeof segmentRelations;

export const relatedConditionSchema = z.object({
  collection: z.enum(Object.keys(segmentRelations) as [SegmentRelation, ...SegmentRelation[]]),
  /** "has" at least one related record matching the filters, or "hasNone". */
  has: z.enum(["has", "hasNone"]),
  filters: z.array(filterSchema).max(20),
});
export type RelatedCondition = z.infer<typeof relatedConditionSchema>;

/** What a filter segment's members satisfy: every filter and every related condition. */
export interface SegmentDefinition {
  filters: Filter[];
  related: RelatedCondition[];
}

export const segmentKinds = ["filter", "sql"] as const;
export type SegmentKind = (typeof segmentKinds)[number];

export interface Segment extends BaseRecord {
  name: string;
  kind: SegmentKind;
  /** Filters over the contact's own fields (the list views' language). */
  filters: Filter[];
  /** Conditions on related records, all of which must hold. */
  related: RelatedCondition[];
  /** For kind "sql": a query over the analytics tables returning a column `id` (contact ids). */
  sql: string;
  description: string;
}

export const segmentFields = defineFields<Segment>({
  name: field.text({ en: "Name", zh: "名称" }, { required: true, maxLength: 200, defaultColumn: true }),
  kind: field.picklist(
    { en: "Defined by", zh: "定义方式" },
    labelled(segmentKinds, { filter: { en: "Filters", zh: "筛选条件" }, sql: { en: "SQL", zh: "SQL" } }),
    { default: "filter", defaultColumn: true },
  ),
  filters: field.json({ en: "Filters", zh: "筛选条件" }, z.array(filterSchema).max(30), { default: [] }),
  related: field.json({ en: "Related records", zh: "关联记录条件" }, z.array(relatedConditionSchema).max(10), {
    default: [],
  }),
  sql: field.longText({ en: "SQL", zh: "SQL" }, { maxLength: 5000 }),
  description: field.longText({ en: "Description", zh: "说明" }),
});

export const SegmentType = defineRecordType<Segment>({
  typeName: "segment",
  collection: "segments",
  shards: 1,
  migrations: [],
  fields: segmentFields,
  searchTerms: (s) => searchWords(s.name),
  sortKey: (s) => s.name.toLocaleLowerCase(),
});

export const segmentInput = SegmentType.input;
export type SegmentInput = RecordInput<Segment>;
