import { type CsvRecord, unescapeFormula } from "./csv.js";
import { type FieldIssue, valueIssueMessages } from "./fields.js";
import { headerAliases, headerKey } from "./importAliases.js";
import type { StoredRecord } from "./record.js";
import { typeByName } from "./recordTypes.js";

/*
 * Importing a CSV into a record type: suggest which column fills which field (a person confirms
 * or changes it), then validate every row with the type's own validator — the same rules as the
 * form — and report each problem as { row, field, reason } with the row's line in the file.
 * Rows with a problem are not imported; the others are, so one bad row does not block a thousand.
 * A cell made text by the formula-safe writer ("'=…", "'+49 …") is read as it was before.
 */

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

/** The fields a person can fill from a file: the type's input fields. */
export function importableFields(typeName: string): string[] {
  return Object.keys(requireType(typeName).defaults());
}

/**
 * A suggested mapping. The app's own column titles (`labels`: field → the headers it exports, in
 * every language) win, then a header equal to a field's name, then an alias ("Title" is the
 * contact's title, not a subject); each field is filled by one column at most, the first.
 */
export function suggestMapping(
  headers: readonly string[],
  typeName: string,
  labels: Readonly<Record<string, readonly string[]>> = {},
): ColumnMapping {
  const fields = importableFields(typeName);
  const aliases = headerAliases[typeName] ?? {};
  const byLabel = new Map<string, string>();
  for (const f of fields) for (const l of labels[f] ?? []) if (!byLabel.has(headerKey(l))) byLabel.set(headerKey(l), f);
  const byName = new Map(fields.map((f) => [headerKey(f), f]));
  const byAlias = new Map<string, string>();
  for (const f of fields)
    for (const a of aliases[f] ?? []) if (!byAlias.has(headerKey(a))) byAlias.set(headerKey(a), f);
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
  /**
   * Reads a row's fields before validation (the web app reads phone numbers with the workspace's
   * region); its warnings are reported with the row, which is imported all the same.
   */
  prepare?(input: StoredRecord): { input: StoredRecord; warnings: FieldIssue[] };
}

export function planImport(options: ImportOptions): ImportPlan {
  const { typeName, headers, rows, mapping } = options;
  const type = requireType(typeName);
  const fields = new Set(importableFields(typeName));
  mapping.forEach((f, i) => {
    if (f !== null && !fields.has(f))
      throw new Error(`column ${i + 1} is mapped to "${f}", which a ${typeName} does not have`);
  });
  const columnOf = new Map(mapping.flatMap((f, i) => (f === null ? [] : [[f, headers[i] ?? ""] as const])));
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
      if (f !== null) input[f] = unescapeFormula(record.fields[i]!);
    });
    let warnings: FieldIssue[] = [];
    if (options.prepare) ({ input, warnings } = options.prepare(input));
    const result = type.validate(input);
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
