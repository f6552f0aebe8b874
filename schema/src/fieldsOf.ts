import { baseFields } from "./descriptors/base.js";
import type { FieldSettings } from "./descriptors/effective.js";
import type { FieldDescriptor, SqlColumn } from "./descriptors/types.js";
import type { StoredRecord, ValidateOptions, ValidationResult } from "./record.js";
import { type CollectionName, recordTypes } from "./recordTypes.js";

/*
 * The one entry point consumers call: a collection's effective fields in a workspace, and the
 * validation every write goes through (forms, imports, the API, the server's peer).
 */

export interface FieldsOfOptions {
  /** Put the bookkeeping fields (`baseFields`: id, created…, updated…) first. */
  base?: boolean;
  /** Leave retired custom fields out (forms, imports); lists of stored values keep them. */
  live?: boolean;
}

/**
 * A collection's fields in a workspace: built-in ones (picklists with the workspace's values),
 * then the custom fields admins defined, in their order. Without settings: built-in only, with
 * built-in values. The array and its descriptors are shared: do not change them.
 */
export function fieldsOf(
  collection: CollectionName,
  settings?: FieldSettings,
  options: FieldsOfOptions = {},
): readonly FieldDescriptor[] {
  let fields = recordTypes[collection].fieldsOf(settings);
  if (options.live) fields = fields.filter((f) => !f.retired);
  return options.base ? [...baseFields, ...fields] : fields;
}

/** One field of a collection by key (bookkeeping fields included), or undefined. */
export function fieldOf(
  collection: CollectionName,
  key: string,
  settings?: FieldSettings,
): FieldDescriptor | undefined {
  return fieldsOf(collection, settings, { base: true }).find((f) => f.key === key);
}

/**
 * Validates what a person, an import or the API supplies for a record of `collection`: the
 * built-in fields and, given the workspace's settings, its custom fields and picklist values —
 * the same rules wherever it is called. Keys that are no field are dropped; a custom field not
 * given stays absent. `update`: a change to a stored record (see `ValidateOptions`).
 */
export function validateRecord(
  collection: CollectionName,
  input: unknown,
  settings?: FieldSettings,
  options: Omit<ValidateOptions, "settings"> = {},
): ValidationResult<StoredRecord> {
  return recordTypes[collection].validate(input, { ...options, settings }) as ValidationResult<StoredRecord>;
}

/**
 * The fields an export writes, in order: retired custom fields too, since records keep their
 * values (a retired field is hidden from forms and imports, not from the data that has it).
 */
export function exportableFields(collection: CollectionName, settings?: FieldSettings): FieldDescriptor[] {
  return fieldsOf(collection, settings).filter((f) => f.export);
}

/**
 * The analytics columns of a collection's table: the bookkeeping fields and every live field
 * that has one (structured kinds have none). Types follow the kind (spec.ts `sqlTypeOf`); a
 * custom field's column is its key without "cf", in snake_case (`cfTier` → `tier`), `cf_tier`
 * where that is taken or a reserved word (descriptors/sqlNames.ts).
 */
export function sqlColumnsOf(
  collection: CollectionName,
  settings?: FieldSettings,
): (SqlColumn & { key: string; kind: FieldDescriptor["kind"] })[] {
  return fieldsOf(collection, settings, { base: true, live: true }).flatMap((f) =>
    f.sql ? [{ key: f.key, kind: f.kind, ...f.sql }] : [],
  );
}
