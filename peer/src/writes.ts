import {
  allIssueMessages,
  BOOKKEEPING_FIELDS,
  type CollectionName,
  type FieldIssue,
  fieldsOf,
  recordTypes,
  type StoredRecord,
  type ValidationResult,
  type WorkspaceSettings,
} from "@crm/schema";
import { interpretPhones } from "@crm/schema/phoneNumbers";

/*
 * What a write is checked with — the web app's form check (web/src/local/checkRecord.ts) on the
 * server: phone numbers read with the workspace's default region (stored E.164), then
 * `validate(input, { settings })` of the record type, custom fields included. On top, because an
 * API caller cannot see a form: keys that are no field of the type, bookkeeping fields and
 * computed fields are refused by name instead of being dropped silently.
 */

const STAMPS = new Set([...BOOKKEEPING_FIELDS, "deletedAt"]);

function issue(field: string, code: string, message: string): FieldIssue {
  return { field, code: code as FieldIssue["code"], message };
}

/** Keys of `input` a caller may not send (unknown, bookkeeping, computed, retired). */
export function refusedKeys(
  collection: CollectionName,
  input: StoredRecord,
  settings: WorkspaceSettings,
): FieldIssue[] {
  const fields = new Map(fieldsOf(collection, settings).map((f) => [f.key, f]));
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(input)) {
    const f = fields.get(key);
    if (STAMPS.has(key))
      issues.push(issue(key, "readOnly", "This field is set by the system: leave it out of the request."));
    else if (!f || f.retired) issues.push(issue(key, "unknownField", `The ${collection} have no field "${key}".`));
    else if (f.computed) issues.push(issue(key, "readOnly", "This field is computed from the others: leave it out."));
  }
  return issues;
}

/**
 * Validates `input` as a whole record of the type. `base`: the stored record a change starts from
 * (its unchanged phone numbers are not read again, a required custom field it lacks is let be).
 */
export function checkInput(
  collection: CollectionName,
  input: StoredRecord,
  settings: WorkspaceSettings,
  base?: StoredRecord,
): ValidationResult<StoredRecord> {
  const type = recordTypes[collection];
  const phones = type
    .fieldsOf(settings)
    .filter((f) => f.kind === "phone" && !f.retired)
    .map((f) => f.key);
  const { input: read, warnings } = interpretPhones(phones, input, settings.defaultRegion, base);
  const result = type.validate(read, { settings, update: base !== undefined }) as ValidationResult<StoredRecord>;
  if (!result.ok) return { ok: false, issues: [...result.issues, ...warnings.filter((w) => !has(result.issues, w))] };
  // A number the phone library cannot read is kept as typed (as forms and imports keep it), but
  // one the validator itself flags (too short to be a number) is refused unless it was stored so.
  const blocking = (result.warnings ?? []).filter((w) => read[w.field] !== base?.[w.field]);
  if (blocking.length) return { ok: false, issues: blocking };
  return { ok: true, value: result.value };
}

function has(issues: FieldIssue[], i: FieldIssue): boolean {
  return issues.some((x) => x.field === i.field);
}

/** The fields of `after` that differ from `before` (values compared as JSON). */
export function changedFields(before: StoredRecord, after: StoredRecord): StoredRecord {
  const out: StoredRecord = {};
  for (const [k, v] of Object.entries(after)) if (JSON.stringify(before[k]) !== JSON.stringify(v)) out[k] = v;
  return out;
}

export function duplicateIssue(field: string): FieldIssue {
  return issue(field, "duplicate", allIssueMessages.duplicate);
}
