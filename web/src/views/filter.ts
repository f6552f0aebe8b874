/*
 * Filters compiled to predicates, and the values rows are sorted and grouped by: in schema
 * (schema/src/filters/compile.ts) since the automation peer's rules evaluate conditions the same way.
 */
export {
  compareValues,
  compileFilter,
  groupRank,
  groupValue,
  type MatchContext,
  sortValue,
} from "@crm/schema";
