import {
  type CollectionName,
  type ColumnMapping,
  type CsvRecord,
  companyNameKey,
  type DateOrder,
  DEMO_PEOPLE,
  emailKey,
  type FieldSettings,
  fieldsOf,
  type ImportIssue,
  type ImportOptions,
  phoneKey,
  planImport,
  recordTypes,
  type StoredRecord,
  unescapeFormula,
  websiteDomain,
} from "@crm/schema";

/*
 * Checking a parsed CSV before anything is written: schema's planImport validates each row (the
 * form's rules: choices by their label in either language, dates as people write them), then
 * rows that match a record already in the CRM — or an earlier row of the same file — are set
 * aside as duplicates; account names in an account column become account ids, and a person's
 * name or email in a person column (owner, assignee, a custom one) their user id.
 * Pure: the caller passes the live records it read from the projection and the people.
 */

/**
 * A problem the app finds beyond the schema's checks, with what a translated report needs:
 * `noAccount` (the cell names no account), `noPerson` (nobody in the workspace has that name or
 * email: the row is imported with the text as written, flagged).
 */
export interface CheckIssue extends ImportIssue {
  code?: "noAccount" | "noPerson";
  value?: string;
}

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
  issues: CheckIssue[];
  duplicates: ImportDuplicate[];
  /** Imported rows with a field that looks wrong (a phone number kept as typed, an unknown owner). */
  warnings: CheckIssue[];
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

const personKey = (s: string) => s.normalize("NFKC").trim().toLocaleLowerCase();

/**
 * User ids by what a cell may say: the id itself (a member's or a demo person's), the person's
 * name or their email, in any case. A name two people share resolves to nobody (the email says who).
 */
export class PeopleResolver {
  private readonly ids = new Set(Object.keys(DEMO_PEOPLE));
  private readonly byKey = new Map<string, string | null>();

  constructor(people: readonly { id: string; name: string; email: string }[]) {
    for (const p of people) {
      this.ids.add(p.id);
      for (const k of [personKey(p.name), personKey(p.email)])
        if (k) this.byKey.set(k, this.byKey.has(k) && this.byKey.get(k) !== p.id ? null : p.id);
    }
  }

  /** A user id for a cell ("" stays ""); undefined when it names nobody. */
  resolve(cell: string): string | undefined {
    const v = cell.trim();
    if (!v) return "";
    if (this.ids.has(v)) return v;
    return this.byKey.get(personKey(v)) ?? undefined;
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
  /** Reads names and emails in person columns (owner, assignee …) into user ids. */
  people?: PeopleResolver;
  /** Reads phone numbers with the workspace's region (schema's `interpretPhones`). */
  prepare?: ImportOptions["prepare"];
  /** The workspace's settings: custom fields are imported and checked, picklists take its values. */
  settings?: FieldSettings;
  /** Day or month first, decided once for the whole file (schema's `fileDateOrder`). */
  dateOrder?: DateOrder;
}

/** Checks one chunk of rows (the caller feeds the file chunk by chunk to show progress). */
export function checkRows(options: CheckOptions): CheckedImport {
  const { collection, headers, mapping } = options;
  const type = recordTypes[collection];
  const accountColumn = mapping.indexOf("accountId");
  const unresolved = new Map<number, string>();
  const strangers: CheckIssue[] = [];
  let rows = options.rows;
  const kinds = new Map(fieldsOf(collection, options.settings).map((f) => [f.key, f.kind]));
  const personColumns = mapping.flatMap((f, i) => (f && kinds.get(f) === "person" ? [i] : []));
  const people = options.people;
  if (people && personColumns.length)
    rows = rows.map((r) => {
      const fields = [...r.fields];
      for (const i of personColumns) {
        const cell = fields[i];
        if (cell === undefined) continue;
        const plain = unescapeFormula(cell);
        const id = people.resolve(plain);
        if (id !== undefined) fields[i] = id;
        else {
          const value = plain.trim();
          const reason = `Nobody in this workspace is called "${value}" or has that email; kept as written.`;
          strangers.push({
            row: r.line,
            field: mapping[i]!,
            column: headers[i] ?? "",
            reason,
            code: "noPerson",
            value,
          });
        }
      }
      return { line: r.line, fields };
    });
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
    dateOrder: options.dateOrder,
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
        code: "noAccount",
        value: missing,
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
  out.warnings = [...plan.warnings, ...strangers].filter((w) => imported.has(w.row)).sort((a, b) => a.row - b.row);
  out.issues.sort((a, b) => a.row - b.row);
  return out;
}
