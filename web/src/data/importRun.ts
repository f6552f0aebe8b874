import {
  type CollectionName,
  type ColumnMapping,
  ConsentType,
  type CsvRecord,
  fileDateOrder,
  newId,
  recordTypes,
  regionDateOrder,
  type StoredRecord,
  toCsv,
} from "@crm/schema";
import type { CrmDatabase } from "../local/db.js";
import type { LocalStore } from "../local/store.js";
import {
  AccountResolver,
  type CheckedImport,
  type CheckOptions,
  checkRows,
  DedupeIndex,
  type PeopleResolver,
} from "./importPlan.js";

/*
 * Running an import in two phases, so that Cancel never leaves half a file behind:
 *
 * 1. Check: every row is validated and deduplicated before anything is written (in chunks, so
 *    the page shows progress and Cancel answers). Cancel here writes nothing.
 * 2. Write: the good rows go to the store in batches (`createMany`: one Yjs update per shard per
 *    batch, built without decoding the shard), each durable in IndexedDB before the next. Cancel here ROLLS BACK: the records
 *    written so far are soft-deleted, marked `importCancelled` so the trash does not offer them.
 *
 * Why roll back rather than "commit after the last batch": a shard document cannot hold writes
 * back — every Yjs update is final once stored and synced (schema/src/yrecords.ts: documents only
 * gain structs), and holding 100,000 records in memory to write them in one go would stop the
 * progress bar and the page for the whole write. Soft deletion is the store's own undo
 * (`deletedAt`), it syncs like any edit, and a teammate sees the rows vanish again.
 */

/** Rows per batch written: big enough that the per-batch IndexedDB commit is amortised. */
export const WRITE_BATCH = 5000;
/** Rows checked between two paints. */
const CHECK_CHUNK = 2000;

export interface ImportProgress {
  phase: "check" | "write" | "rollback";
  done: number;
  total: number;
}

export interface ImportResult extends CheckedImport {
  /** Rows written and kept. */
  imported: number;
  cancelled: boolean;
  /** Ids of the records created (empty when cancelled). */
  ids: string[];
  ms: number;
  /** Of which checking (parse excluded): the rest is writing to the store. */
  checkMs: number;
}

const paint = () => new Promise((r) => setTimeout(r, 0));

export async function runImport(options: {
  db: CrmDatabase;
  store: LocalStore;
  collection: CollectionName;
  headers: readonly string[];
  rows: readonly CsvRecord[];
  mapping: ColumnMapping;
  signal: AbortSignal;
  onProgress(p: ImportProgress): void;
  /** The workspace's people: person columns hold their names or emails. */
  people?: PeopleResolver;
}): Promise<ImportResult> {
  const { db, store, collection, headers, rows, mapping, signal, onProgress, people } = options;
  const started = performance.now();
  const type = recordTypes[collection];
  const existing = (await db.table(collection).toArray()) as StoredRecord[];
  const accounts = mapping.includes("accountId")
    ? new AccountResolver(
        collection === "accounts" ? (existing as { id: string; name: string }[]) : await db.accounts.toArray(),
      )
    : undefined;
  const dedupe = new DedupeIndex(collection, existing);
  const uniqueSeen = type.unique?.length ? [...existing] : undefined;
  const checked: CheckedImport = { valid: [], issues: [], duplicates: [], warnings: [] };
  // Phone numbers are read with the workspace's default region (stored E.164); the phone library
  // loads only for a file that has a phone column.
  // Every row is checked with the workspace's settings: its custom fields and picklist values.
  const settings = await store.settings();
  const phoneFields = type
    .fieldsOf(settings)
    .filter((f) => f.kind === "phone" && !f.retired)
    .map((f) => f.key);
  let prepare: CheckOptions["prepare"];
  if (phoneFields.some((f) => mapping.includes(f))) {
    const { interpretPhones } = await import("@crm/schema/phoneNumbers");
    prepare = (input) => interpretPhones(phoneFields, input, settings.defaultRegion);
  }
  // One reading of "07/12/2026" for the whole file: what its dates show, else the region's habit.
  const dateOrder = fileDateOrder(type.typeName, rows, mapping, settings) ?? regionDateOrder(settings.defaultRegion);
  let checkMs = 0;
  const cancelled = (): ImportResult => ({
    ...checked,
    imported: 0,
    cancelled: true,
    ids: [],
    ms: performance.now() - started,
    checkMs,
  });

  for (let i = 0; i < rows.length; i += CHECK_CHUNK) {
    if (signal.aborted) return cancelled();
    const part = checkRows({
      collection,
      headers,
      rows: rows.slice(i, i + CHECK_CHUNK),
      mapping,
      dedupe,
      accounts,
      uniqueSeen,
      people,
      prepare,
      settings,
      dateOrder,
    });
    checked.valid.push(...part.valid);
    checked.issues.push(...part.issues);
    checked.warnings.push(...part.warnings);
    checked.duplicates.push(...part.duplicates);
    onProgress({ phase: "check", done: Math.min(i + CHECK_CHUNK, rows.length), total: rows.length });
    await paint();
  }

  checkMs = performance.now() - started;
  // For the benchmark (tests/bench/import.bench.ts) and DevTools: the two phases on the timeline.
  performance.measure("crm:import-check", { start: started, duration: checkMs });
  const now = Date.now();
  const ids: string[] = [];
  // One batch in flight while the next is prepared: the next batch's Yjs work runs while the
  // previous one commits to IndexedDB. Every id is recorded before its batch is written, so a
  // rollback covers the batch in flight too (it is awaited first).
  let inFlight: Promise<void> | null = null;
  let written = 0;
  for (let i = 0; i < checked.valid.length; i += WRITE_BATCH) {
    if (signal.aborted) {
      await inFlight;
      await rollback(store, collection, ids, onProgress);
      return cancelled();
    }
    const batch = checked.valid.slice(i, i + WRITE_BATCH).map(({ value }) => {
      const id = newId();
      ids.push(id);
      return { ...value, ...type.deriveChanges?.(value, null, now), id } as StoredRecord;
    });
    const next = store.createMany(collection, batch);
    if (inFlight) {
      await inFlight;
      written = ids.length - batch.length;
      onProgress({ phase: "write", done: written, total: checked.valid.length });
      await paint();
    }
    inFlight = next;
  }
  await inFlight;
  performance.measure("crm:import-write", { start: started + checkMs, end: performance.now() });
  if (signal.aborted && ids.length) {
    // Cancelled during the last batch: the person asked for nothing, so nothing stays.
    await rollback(store, collection, ids, onProgress);
    return cancelled();
  }
  if (collection === "contacts") await recordImportConsents(store, checked.valid, ids, now);
  return { ...checked, imported: ids.length, cancelled: false, ids, ms: performance.now() - started, checkMs };
}

/**
 * An imported contact with a status (the file's basis was checked: "subscribed" needs one) gets
 * its consent record, saying it came from an import and with the basis the file stated — written
 * here, with the contacts, so the automation peer's own record ("a person changed it") is not needed.
 */
async function recordImportConsents(
  store: LocalStore,
  valid: CheckedImport["valid"],
  ids: readonly string[],
  now: number,
): Promise<void> {
  const defaults = ConsentType.defaults() as Record<string, unknown>;
  const consents: StoredRecord[] = [];
  valid.forEach(({ value }, i) => {
    const status = (value as { emailStatus?: string }).emailStatus;
    if (!status || status === "none" || !ids[i]) return;
    consents.push({
      ...defaults,
      id: newId(),
      contactId: ids[i],
      fromStatus: "none",
      toStatus: status,
      at: now,
      method: "import",
      wording: String((value as { emailConsentBasis?: string }).emailConsentBasis ?? ""),
      source: "import",
    } as StoredRecord);
  });
  for (let i = 0; i < consents.length; i += WRITE_BATCH)
    await store.createMany("consents", consents.slice(i, i + WRITE_BATCH));
}

async function rollback(
  store: LocalStore,
  collection: CollectionName,
  ids: readonly string[],
  onProgress: (p: ImportProgress) => void,
): Promise<void> {
  const at = Date.now();
  for (let i = 0; i < ids.length; i += WRITE_BATCH) {
    await store.writeMany(
      collection,
      ids.slice(i, i + WRITE_BATCH).map((id) => ({ id, deletedAt: at, importCancelled: true })),
    );
    onProgress({ phase: "rollback", done: Math.min(i + WRITE_BATCH, ids.length), total: ids.length });
  }
}

/** The per-row report as a CSV a person can open next to their file. */
export function reportCsv(
  result: CheckedImport,
  labels: { row: string; field: string; column: string; reason: string; warning(reason: string): string },
  duplicateReason: (d: CheckedImport["duplicates"][number]) => string,
): string {
  const lines: (string | number)[][] = [[labels.row, labels.field, labels.column, labels.reason]];
  const all = [
    ...result.issues.map((i) => ({ row: i.row, field: i.field, column: i.column, reason: i.reason })),
    ...result.duplicates.map((d) => ({ row: d.row, field: "", column: "", reason: duplicateReason(d) })),
    ...result.warnings.map((w) => ({ row: w.row, field: w.field, column: w.column, reason: labels.warning(w.reason) })),
  ].sort((a, b) => a.row - b.row);
  for (const i of all) lines.push([i.row, i.field, i.column, i.reason]);
  return toCsv(lines);
}
