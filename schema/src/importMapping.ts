import { type CsvRecord, unescapeFormula } from "./csv.js";
import type { FieldSettings } from "./descriptors/effective.js";
import type { FieldDescriptor } from "./descriptors/types.js";
import { type FieldIssue, valueIssueMessages } from "./fields.js";
import { type DateOrder, dateOrderOf, normalizeDateCell } from "./importDates.js";
import type { StoredRecord } from "./record.js";
import { typeByName } from "./recordTypes.js";

/*
 * Importing a CSV into a record type: suggest which column fills which field (a person confirms
 * or changes it), then validate every row with the type's own validator — the same rules as the
 * form — and report each problem as { row, field, reason } with the row's line in the file.
 * Rows with a problem are not imported; the others are, so one bad row does not block a thousand.
 * A cell made text by the formula-safe writer ("'=…", "'+49 …") is read as it was before.
 * Which fields a file can fill, and the headers each answers to, come from the field
 * descriptors: with the workspace's settings, custom fields are mapped and validated too.
 * Dates and date-times are read as people write them (importDates.ts) before validation.
 */

/** What a header is compared by: lowercase, without spaces, "_", "-", "." and full-width spaces. */
export function headerKey(header: string): string {
  return header
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.\u3000]+/g, "");
}

/** Column index → field name, or null for a column that is not imported. */
export type ColumnMapping = (string | null)[];

export interface ImportIssue {
  /** The line of the file the row starts on (the header is line 1). */
  row: number;
  /** The record field ("" for the whole row). */
  field: string;
  /** The column header the field came from ("" when none). */
  column: string;
  reason: string;
}

export interface ImportPlan {
  valid: { row: number; value: StoredRecord }[];
  issues: ImportIssue[];
  /** Rows imported with a field that looks wrong (a phone number kept as typed). */
  warnings: ImportIssue[];
}

function requireType(typeName: string) {
  const type = typeByName(typeName);
  if (!type) throw new Error(`unknown record type "${typeName}"`);
  return type;
}

/** The descriptors of the fields a file can fill: live fields marked `import`, in order. */
export function importableDescriptors(typeName: string, settings?: FieldSettings): FieldDescriptor[] {
  return requireType(typeName)
    .fieldsOf(settings)
    .filter((f) => f.import && !f.retired);
}

/** The keys of the fields a person can fill from a file. */
export function importableFields(typeName: string, settings?: FieldSettings): string[] {
  return importableDescriptors(typeName, settings).map((f) => f.key);
}

/**
 * A suggested mapping. The app's own column titles (each field's label in both languages, and
 * `labels`: field → more headers the caller exports) win, then a header equal to a field's key,
 * then an alias ("Title" is the contact's title, not a subject); each field is filled by one
 * column at most, the first.
 */
export function suggestMapping(
  headers: readonly string[],
  typeName: string,
  labels: Readonly<Record<string, readonly string[]>> = {},
  settings?: FieldSettings,
): ColumnMapping {
  const descriptors = importableDescriptors(typeName, settings);
  const byLabel = new Map<string, string>();
  for (const f of descriptors)
    for (const l of [...(labels[f.key] ?? []), f.label.en, f.label.zh])
      if (!byLabel.has(headerKey(l))) byLabel.set(headerKey(l), f.key);
  const byName = new Map(descriptors.map((f) => [headerKey(f.key), f.key]));
  const byAlias = new Map<string, string>();
  for (const f of descriptors)
    for (const a of [...f.aliases.en, ...f.aliases.zh])
      if (!byAlias.has(headerKey(a))) byAlias.set(headerKey(a), f.key);
  const used = new Set<string>();
  const mapping: ColumnMapping = headers.map(() => null);
  for (const pass of [byLabel, byName, byAlias])
    headers.forEach((h, i) => {
      const field = pass.get(headerKey(h));
      if (mapping[i] === null && field && !used.has(field)) {
        mapping[i] = field;
        used.add(field);
      }
    });
  return mapping;
}

export interface ImportOptions {
  typeName: string;
  headers: readonly string[];
  /** The data records (without the header record). */
  rows: readonly CsvRecord[];
  mapping: ColumnMapping;
  /** Live records already stored, for the type's unique fields (a product's SKU). */
  existing?: readonly StoredRecord[];
  /** The workspace's settings: custom fields are importable and validated, picklists take its values. */
  settings?: FieldSettings;
  /**
   * Reads a row's fields before validation (the web app reads phone numbers with the workspace's
   * region); its warnings are reported with the row, which is imported all the same.
   */
  prepare?(input: StoredRecord): { input: StoredRecord; warnings: FieldIssue[] };
  /**
   * How "07/12/2026" is read: day or month first. A caller checking a file in chunks passes what
   * `fileDateOrder` says of the whole file; without it, these rows decide, else day first.
   */
  dateOrder?: DateOrder;
}

/** The date and date-time columns of a mapping: column index → whether it holds a time too. */
function dateColumns(typeName: string, mapping: ColumnMapping, settings?: FieldSettings): Map<number, boolean> {
  const kinds = new Map(importableDescriptors(typeName, settings).map((f) => [f.key, f.kind]));
  const out = new Map<number, boolean>();
  mapping.forEach((f, i) => {
    const kind = f === null ? undefined : kinds.get(f);
    if (kind === "date" || kind === "dateTime") out.set(i, kind === "dateTime");
  });
  return out;
}

/**
 * Whether a file writes its dates day first or month first, from every cell of its date columns
 * (importDates.ts `dateOrderOf`); null when no cell tells (the caller's region decides).
 */
export function fileDateOrder(
  typeName: string,
  rows: readonly CsvRecord[],
  mapping: ColumnMapping,
  settings?: FieldSettings,
): DateOrder | null {
  const columns = [...dateColumns(typeName, mapping, settings).keys()];
  if (columns.length === 0) return null;
  return dateOrderOf(
    (function* () {
      for (const r of rows) for (const i of columns) yield r.fields[i] ?? "";
    })(),
  );
}

export function planImport(options: ImportOptions): ImportPlan {
  const { typeName, headers, rows, mapping, settings } = options;
  const type = requireType(typeName);
  const fields = new Set(importableFields(typeName, settings));
  mapping.forEach((f, i) => {
    if (f !== null && !fields.has(f))
      throw new Error(`column ${i + 1} is mapped to "${f}", which a ${typeName} does not have`);
  });
  const columnOf = new Map(mapping.flatMap((f, i) => (f === null ? [] : [[f, headers[i] ?? ""] as const])));
  const dates = dateColumns(typeName, mapping, settings);
  // An empty cell of a custom field gives it no value, as a form leaves it (records made before
  // the field existed have none either), so an exported file imports back as the same records.
  const custom = new Set(importableDescriptors(typeName, settings).flatMap((f) => (f.customId ? [f.key] : [])));
  const order = options.dateOrder ?? (dates.size ? fileDateOrder(typeName, rows, mapping, settings) : null) ?? "dmy";
  const unique = (type.unique ?? []) as string[];
  const seen = new Map(unique.map((f) => [f, new Map<string, number>()]));
  for (const r of options.existing ?? [])
    if (!r.deletedAt) for (const f of unique) if (r[f]) seen.get(f)!.set(String(r[f]).toLowerCase(), 0);

  const plan: ImportPlan = { valid: [], issues: [], warnings: [] };
  for (const record of rows) {
    if (record.fields.length !== headers.length) {
      plan.issues.push({
        row: record.line,
        field: "",
        column: "",
        reason: `This row has ${record.fields.length} values but the header has ${headers.length} columns.`,
      });
      continue;
    }
    let input: StoredRecord = {};
    mapping.forEach((f, i) => {
      if (f === null) return;
      const cell = unescapeFormula(record.fields[i]!);
      if (custom.has(f) && cell.trim() === "") return;
      const withTime = dates.get(i);
      input[f] = withTime === undefined ? cell : normalizeDateCell(cell, withTime, order);
    });
    let warnings: FieldIssue[] = [];
    if (options.prepare) ({ input, warnings } = options.prepare(input));
    const result = type.validate(input, { settings });
    if (!result.ok) {
      for (const issue of result.issues) {
        const top = issue.field.split(".")[0]!;
        plan.issues.push({
          row: record.line,
          field: issue.field,
          column: columnOf.get(top) ?? "",
          reason: issue.message,
        });
      }
      continue;
    }
    const value = result.value as StoredRecord;
    let clash = false;
    for (const f of unique) {
      const key = String(value[f] ?? "").toLowerCase();
      if (!key) continue;
      const where = seen.get(f)!.get(key);
      if (where !== undefined) {
        clash = true;
        const reason =
          where === 0 ? valueIssueMessages.duplicate : `${valueIssueMessages.duplicate} (row ${where} of this file)`;
        plan.issues.push({ row: record.line, field: f, column: columnOf.get(f) ?? "", reason });
      }
    }
    if (clash) continue;
    for (const f of unique) if (value[f]) seen.get(f)!.set(String(value[f]).toLowerCase(), record.line);
    plan.valid.push({ row: record.line, value });
    for (const w of [...warnings, ...(result.warnings ?? []).filter((x) => !warnings.some((y) => y.field === x.field))])
      plan.warnings.push({ row: record.line, field: w.field, column: columnOf.get(w.field) ?? "", reason: w.message });
  }
  return plan;
}
