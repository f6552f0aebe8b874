import { readFileSync } from "node:fs";
import type { ViewId } from "../src/catalogue.js";

/*
 * The view SQL read from analytics/sql/ with fs, for Node scripts run by tsx (which cannot
 * import `?raw` as Vite does). Same files, same text as metrics.ts inlines.
 */
export function readViewSql(id: ViewId): string {
  return readFileSync(new URL(`../sql/${id}.sql`, import.meta.url), "utf8");
}
