import { DEMO_NOW, type DemoSize, demoSizes, generateDemo } from "@crm/schema";
import type { WorkspaceRecords } from "../src/load.js";

/*
 * The workspace analytics' parity test and benchmarks run on: the CRM's own demo data (schema's
 * seeded generator, the records "Load demo data" writes), so the SQL is tested on what the app
 * holds. Sizes are schema's: `demo` (120 accounts, 600 orders), `big` (20k accounts, 250k orders,
 * 25k cases, 30k survey responses), `bench` (50k accounts, 1M orders, 100k survey responses).
 */

export type DataSize = DemoSize;
export const dataSizes = demoSizes;

/** The seed every analytics run uses: the same records each time. */
export const DATA_SEED = 7;

/** The as-of date the data is read at: the generator's "now" (nothing is generated after it). */
export const dataAsOf = new Date(DEMO_NOW).toISOString().slice(0, 10);

/** Reads ANALYTICS_DATA_SIZE (demo | big | bench), defaulting to `fallback`. */
export function dataSizeFromEnv(fallback: DataSize): DataSize {
  const v = process.env.ANALYTICS_DATA_SIZE;
  if (v == null || v === "") return fallback;
  if (v in dataSizes) return v as DataSize;
  throw new Error(`ANALYTICS_DATA_SIZE: expected one of ${Object.keys(dataSizes).join(", ")}, got "${v}"`);
}

/** The demo workspace of `size`, as the loader takes it. */
export function demoWorkspace(size: DataSize, seed = DATA_SEED): WorkspaceRecords {
  return generateDemo(size, seed, DEMO_NOW) as unknown as WorkspaceRecords;
}
