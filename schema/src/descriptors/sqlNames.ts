import { snakeCase } from "./spec.js";

/*
 * What a custom field's analytics column is called. Built-in fields are the snake_case of their
 * key (`billingPostalCode` → `billing_postal_code`); a custom field drops its "cf" prefix, so an
 * admin's "Tier" (`cfTier`) is `tier` in `SELECT tier, count(*) FROM accounts GROUP BY 1`. The
 * prefix comes back (`cf_tier`) only where the plain name cannot serve: a column the table
 * already has (a built-in one, or an earlier custom field's), or a word DuckDB reserves
 * (`order`, `group`, `left` … would need quotes in every query). Past that, a number
 * (`cf_tier_2`). Custom fields are named in their settings order, retired ones included, so
 * retiring or un-retiring one never renames another.
 */

/**
 * The words DuckDB (1.4) does not take as a bare column name: its `reserved` keywords and the
 * `type_function` ones that fail in `SELECT <word> FROM t` (analytics' sqlNames test asks DuckDB).
 */
export const sqlReservedWords: ReadonlySet<string> = new Set([
  ...["all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast"],
  ...["check", "collate", "column", "constraint", "create", "default", "deferrable", "desc", "describe"],
  ...["distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from", "group"],
  ...["having", "in", "initially", "intersect", "into", "lambda", "lateral", "leading", "limit", "not"],
  ...["null", "offset", "on", "only", "or", "order", "pivot", "pivot_longer", "pivot_wider", "placing"],
  ...["primary", "qualify", "references", "returning", "select", "show", "some", "summarize", "symmetric"],
  ...["table", "then", "to", "trailing", "true", "union", "unique", "unpivot", "using", "variadic", "when"],
  ...["where", "window", "with"],
  // type_function keywords
  ...["anti", "asof", "at", "authorization", "binary", "by", "collation", "concurrently", "cross", "freeze"],
  ...["full", "glob", "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer"],
  ...["overlaps", "positional", "right", "semi", "similar", "tablesample", "unpack", "verbose"],
]);

/**
 * The analytics column of custom field `key` ("cfContractTier" → "contract_tier"), given the
 * columns the table already has (`taken`: built-in, bookkeeping and earlier custom columns).
 */
export function customSqlColumn(key: string, taken: ReadonlySet<string>): string {
  const plain = snakeCase(key.replace(/^cf/, ""));
  if (!taken.has(plain) && !sqlReservedWords.has(plain)) return plain;
  const prefixed = `cf_${plain}`;
  let name = prefixed;
  for (let n = 2; taken.has(name); n++) name = `${prefixed}_${n}`;
  return name;
}
