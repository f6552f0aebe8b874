import type { FieldIssue, FieldSettings, RecordType, StoredRecord, ValidationResult } from "@crm/schema";

/*
 * What a form's save is checked with: the type's validator, after its phone numbers are read
 * with the workspace's default region (stored E.164). The phone library loads here, on the first
 * save that carries a new number — not with the app. A number the library does not know as valid
 * (a made-up "+1 555 0100", a national number with no region set) is kept as typed, as the
 * import keeps it: a form never loses what the person typed. A number the validator cannot store
 * at all (fewer than 6 digits: its warning) is refused, as before. With the workspace's
 * `settings`, its custom fields are checked (and their phone numbers read) like built-in ones.
 */
export async function checkRecord(
  // biome-ignore lint/suspicious/noExplicitAny: any record type
  type: RecordType<any>,
  input: unknown,
  region: () => Promise<string>,
  base?: StoredRecord,
  settings?: FieldSettings,
): Promise<ValidationResult<StoredRecord>> {
  let fields = input as StoredRecord;
  let interpreted: FieldIssue[] = [];
  const phones = type
    .fieldsOf(settings)
    .filter((f) => f.kind === "phone" && !f.retired)
    .map((f) => f.key);
  const fresh = (f: string) =>
    typeof fields[f] === "string" && (fields[f] as string).trim() !== "" && fields[f] !== base?.[f];
  if (fields && typeof fields === "object" && phones.some(fresh)) {
    const { interpretPhones } = await import("@crm/schema/phoneNumbers");
    ({ input: fields, warnings: interpreted } = interpretPhones(phones, fields, await region(), base));
  }
  // A change to a stored record (`base`) is not refused for a required custom field it leaves out.
  const result = type.validate(fields, { settings, update: base !== undefined }) as ValidationResult<StoredRecord>;
  if (!result.ok) return { ok: false, issues: mergeIssues(result.issues, interpreted) };
  // A number stored before and not changed now never blocks saving another field.
  const blocking = (result.warnings ?? []).filter((w) => fields[w.field] !== base?.[w.field]);
  return blocking.length ? { ok: false, issues: blocking } : { ok: true, value: result.value };
}

function mergeIssues(a: FieldIssue[], b: FieldIssue[]): FieldIssue[] {
  return [...a, ...b.filter((x) => !a.some((y) => y.field === x.field))];
}
