import {
  type CollectionName,
  type ColumnMapping,
  type CsvRecord,
  companyNameKey,
  emailKey,
  type FieldSettings,
  type ImportIssue,
  type ImportOptions,
  phoneKey,
  planImport,
  recordTypes,
  type StoredRecord,
  unescapeFormula,
  websiteDomain,
} from "@crm/schema";
import type { CellReader } from "./columns.js";

/*
 * Checking a parsed CSV before anything is written: schema's planImport validates each row (the
 * form's rules), then rows that match a record already in the CRM — or an earlier row of the same
 * file — are set aside as duplicates, and account names in an account column become account ids.
 * Pure: the caller passes the live records it read from the projection.
 */

/** A row that is not imported because the CRM already has that record. */
export interface ImportDuplicate {
  row: number;
  /** The dedupe key that matched: "email:ada@acme.io", "name+website:acme|acme.io". */
  key: string;
  /** The id of the existing record, or null when it matched an earlier row of this file. */
  existingId: string | null;
  /** The earlier row of the file it repeats (when existingId is null). */
  sameAsRow: number | null;
}

export interface CheckedImport {
  valid: { row: number; value: StoredRecord }[];
  issues: ImportIssue[];
  duplicates: ImportDuplicate[];
  /** Imported rows with a field that looks wrong (a phone number kept as typed). */
  warnings: ImportIssue[];
}

/**
 * The keys two records of a collection are "the same" by: normalised email and phone for people
 * (contacts, leads), name + website for accounts (a company's phone is shared by branches, so it
 * is not an import key). Other types have no natural key; their unique fields (a product's SKU)
 * are checked by planImport.
 */
export function importKeys(collection: CollectionName, r: StoredRecord): string[] {
  const s = (k: string) => (typeof r[k] === "string" ? (r[k] as string) : "");
  if (collection === "accounts") {
    const name = companyNameKey(s("name"));
    return name ? [`name+website:${name}|${websiteDomain(s("website"))}`] : [];
  }
  if (collection === "contacts" || collection === "leads") {
    const out: string[] = [];
    const email = emailKey(s("email"));
    if (email) out.push(`email:${email}`);
    const phone = phoneKey(s("phone"));
    if (phone) out.push(`phone:${phone}`);
    return out;
  }
  return [];
}

/** Finds existing records by dedupe key; remembers the rows of this file as they are accepted. */
export class DedupeIndex {
  private readonly byKey = new Map<string, { id: string | null; row: number | null }>();

  constructor(
    private readonly collection: CollectionName,
    existing: readonly StoredRecord[],
  ) {
    for (const r of existing) {
      if (r.deletedAt) continue;
      for (const k of importKeys(collection, r))
        if (!this.byKey.has(k)) this.byKey.set(k, { id: String(r.id), row: null });
    }
  }

  /** The duplicate this row would be, or null after remembering its keys. */
  admit(row: number, value: StoredRecord): ImportDuplicate | null {
    const keys = importKeys(this.collection, value);
    for (const key of keys) {
      const hit = this.byKey.get(key);
      if (hit) return { row, key, existingId: hit.id, sameAsRow: hit.row };
    }
    for (const key of keys) this.byKey.set(key, { id: null, row });
    return null;
  }
}

/** Account ids by id and by normalised name (only names that one account has). */
export class AccountResolver {
  private readonly ids = new Set<string>();
  private readonly byName = new Map<string, string | null>();

  constructor(accounts: readonly { id: string; name: string; deletedAt?: number | null }[]) {
    for (const a of accounts) {
      if (a.deletedAt) continue;
      this.ids.add(a.id);
      const key = companyNameKey(a.name);
      // Two accounts with one name: ambiguous, so the name resolves to nothing.
      if (key) this.byName.set(key, this.byName.has(key) ? null : a.id);
    }
  }

  /** An account id for what a cell says (an id or a name); "" stays ""; undefined when unknown. */
  resolve(cell: string): string | undefined {
    const v = cell.trim();
    if (!v) return "";
    if (this.ids.has(v)) return v;
    return this.byName.get(companyNameKey(v)) ?? undefined;
  }
}

export interface CheckOptions {
  collection: CollectionName;
  headers: readonly string[];
  rows: readonly CsvRecord[];
  mapping: ColumnMapping;
  dedupe: DedupeIndex;
  /** Required when a column is mapped to accountId. */
  accounts?: AccountResolver;
  /** Live records of the collection, for its unique fields; grows with the rows accepted. */
  uniqueSeen?: StoredRecord[];
  /** Reads labels, people and stages back into values (what the export wrote: columns.ts). */
  reader?: CellReader;
  /** Reads phone numbers with the workspace's region (schema's `interpretPhones`). */
  prepare?: ImportOptions["prepare"];
  /** The workspace's settings: custom fields are imported and checked, picklists take its values. */
  settings?: FieldSettings;
}

/** Checks one chunk of rows (the caller feeds the file chunk by chunk to show progress). */
export function checkRows(options: CheckOptions): CheckedImport {
  const { collection, headers, mapping } = options;
  const type = recordTypes[collection];
  const accountColumn = mapping.indexOf("accountId");
  const unresolved = new Map<number, string>();
  let rows = options.rows;
  const reader = options.reader;
  if (reader)
    rows = rows.map((r) => ({
      line: r.line,
      fields: r.fields.map((cell, i) => {
        const field = mapping[i];
        if (!field) return cell;
        const plain = unescapeFormula(cell);
        const read = reader.read(field, plain);
        return read === plain ? cell : read;
      }),
    }));
  if (accountColumn >= 0 && options.accounts) {
    const accounts = options.accounts;
    rows = rows.map((r) => {
      const cell = r.fields[accountColumn];
      if (cell === undefined) return r;
      const id = accounts.resolve(unescapeFormula(cell));
      if (id === undefined) {
        unresolved.set(r.line, cell.trim());
        return r;
      }
      const fields = [...r.fields];
      fields[accountColumn] = id;
      return { line: r.line, fields };
    });
  }
  const plan = planImport({
    typeName: type.typeName,
    headers,
    rows,
    mapping,
    existing: options.uniqueSeen ?? [],
    prepare: options.prepare,
    settings: options.settings,
  });
  const out: CheckedImport = { valid: [], issues: plan.issues, duplicates: [], warnings: [] };
  for (const v of plan.valid) {
    const missing = unresolved.get(v.row);
    if (missing !== undefined) {
      out.issues.push({
        row: v.row,
        field: "accountId",
        column: headers[accountColumn] ?? "",
        reason: `No account is named "${missing}" (or has that id).`,
      });
      continue;
    }
    const dup = options.dedupe.admit(v.row, v.value);
    if (dup) out.duplicates.push(dup);
    else {
      out.valid.push(v);
      if (type.unique?.length) options.uniqueSeen?.push(v.value);
    }
  }
  const imported = new Set(out.valid.map((v) => v.row));
  out.warnings = plan.warnings.filter((w) => imported.has(w.row));
  out.issues.sort((a, b) => a.row - b.row);
  return out;
}
