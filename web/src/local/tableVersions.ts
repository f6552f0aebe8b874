import Dexie, { type ObservabilitySet } from "dexie";

/*
 * A mutation counter per IndexedDB table, from this tab's writes and other tabs' (Dexie
 * broadcasts every mutation as `storagemutated`, the event its live queries run on). What is
 * kept in memory next to a table (search.ts's sort positions, rows.ts's rows) is valid while the
 * table's count has not moved since it was read.
 */

const versions = new Map<string, number>();
let listening = false;

function key(db: Dexie, table: string): string {
  return `idb://${db.name}/${table}/`;
}

function listen(): void {
  if (listening) return;
  listening = true;
  Dexie.on("storagemutated", (parts: ObservabilitySet) => {
    const seen = new Set<string>();
    for (const part of Object.keys(parts)) {
      // Parts are "idb://<database>/<table>/<index>", and "…/<table>/" for the primary key.
      const table = /^idb:\/\/[^/]*\/[^/]*\//.exec(part)?.[0];
      if (table && !seen.has(table)) {
        seen.add(table);
        versions.set(table, (versions.get(table) ?? 0) + 1);
      }
    }
  });
}

/**
 * The table's mutation count now. Compare it after an `await` (not in the same synchronous run
 * as a write): by then every listener of the mutation has run.
 */
export function tableVersion(db: Dexie, table: string): number {
  listen();
  return versions.get(key(db, table)) ?? 0;
}
