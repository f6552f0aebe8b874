import accountsByIndustrySql from "../sql/accounts_by_industry.sql?raw";
import accountsByStatusSql from "../sql/accounts_by_status.sql?raw";

/*
 * The named queries, as SQL text. The .sql files are the source: Vite (the web build) and Vitest
 * (same config) both inline them with `?raw`, so the browser and the Node tests run the same text.
 */

/** Columns: industry (VARCHAR, NULL when none), accounts (BIGINT). Largest first. */
export const accountsByIndustry: string = accountsByIndustrySql;
/** Columns: status (VARCHAR, NULL when none), accounts (BIGINT). Largest first. */
export const accountsByStatus: string = accountsByStatusSql;

export const queries = { accountsByIndustry, accountsByStatus } as const;
export type QueryName = keyof typeof queries;
