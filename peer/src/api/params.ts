import { type FieldFilter, type FilterOp, filterOps, type ListQuery, MAX_LIMIT } from "../db/query.js";
import { ProblemException } from "./problems.js";

/*
 * The list parameters of `GET /api/v1/<collection>`:
 *
 *   filter[<field>]=<value>            the field is <value> (same as [is])
 *   filter[<field>][<op>]=<value>      ops: is, isNot, contains, empty, notEmpty, gt, gte, lt, lte,
 *                                      before, after, withinDays, in (comma-separated values)
 *   sort=<field> | sort=-<field>       one field, ascending or descending (default: the type's order)
 *   limit=1…500 (default 50), cursor=<nextCursor of the previous page>
 *   deleted=exclude (default) | include | only
 *
 * Several filters all apply (AND); a field may be filtered twice (a range).
 */

const FILTER = /^filter\[([^\][]+)\](?:\[([^\][]*)\])?$/;

export function parseListQuery(params: URLSearchParams): ListQuery {
  const filters: FieldFilter[] = [];
  const query: ListQuery = { filters };
  for (const [name, value] of params) {
    const m = FILTER.exec(name);
    if (m) {
      const op = (m[2] || "is") as FilterOp;
      if (!(filterOps as readonly string[]).includes(op))
        throw new ProblemException(400, "bad-query", `unknown operator "${op}" in ${name}`, [
          { field: name, code: "bad-operator", message: `one of ${filterOps.join(", ")}` },
        ]);
      filters.push({ field: m[1]!, op, value });
      continue;
    }
    switch (name) {
      case "sort": {
        if (value.includes(","))
          throw new ProblemException(400, "bad-query", "sort by one field", [
            { field: "sort", code: "not-sortable", message: "one field, optionally prefixed by -" },
          ]);
        const desc = value.startsWith("-");
        query.sort = { field: desc ? value.slice(1) : value, dir: desc ? "desc" : "asc" };
        break;
      }
      case "limit": {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < 1 || n > MAX_LIMIT)
          throw new ProblemException(400, "bad-query", `limit must be 1 to ${MAX_LIMIT}`, [
            { field: "limit", code: "bad-limit", message: `a whole number from 1 to ${MAX_LIMIT}` },
          ]);
        query.limit = n;
        break;
      }
      case "cursor":
        query.cursor = value;
        break;
      case "deleted":
        if (value !== "exclude" && value !== "include" && value !== "only")
          throw new ProblemException(400, "bad-query", "deleted must be exclude, include or only", [
            { field: "deleted", code: "bad-value", message: "exclude, include or only" },
          ]);
        query.deleted = value;
        break;
      default:
        throw new ProblemException(400, "bad-query", `unknown query parameter ${name}`, [
          { field: name, code: "unknown-parameter", message: "filter[…], sort, limit, cursor or deleted" },
        ]);
    }
  }
  return query;
}
