import type { FieldIssue, RecordType, StoredRecord, ValidationResult } from "@crm/schema";

/*
 * What a form's save is checked with: the type's validator, after its phone numbers are read
 * with the workspace's default region (stored E.164). The phone library loads here, on the first
 * save that carries a new number — not with the app. A warning (a number that is not valid) is
 * refused like an error: the person is there to correct it. Imports keep such numbers instead
 * (data/importPlan.ts).
 */
export async function checkRecord(
  // biome-ignore lint/suspicious/noExplicitAny: any record type
  type: RecordType<any, any>,
  input: unknown,
  region: () => Promise<string>,
  base?: StoredRecord,
): Promise<ValidationResult<StoredRecord>> {
  let fields = input as StoredRecord;
  let warnings: FieldIssue[] = [];
  const phones = (type.phoneFields ?? []) as string[];
  const fresh = (f: string) =>
    typeof fields[f] === "string" && (fields[f] as string).trim() !== "" && fields[f] !== base?.[f];
  if (fields && typeof fields === "object" && phones.some(fresh)) {
    const { interpretPhones } = await import("@crm/schema/phoneNumbers");
    ({ input: fields, warnings } = interpretPhones(phones, fields, await region(), base));
  }
  const result = type.validate(fields) as ValidationResult<StoredRecord>;
  if (!result.ok) return { ok: false, issues: mergeIssues(result.issues, warnings) };
  // A number stored before and not changed now never blocks saving another field.
  const blocking = mergeIssues(warnings, result.warnings ?? []).filter((w) => fields[w.field] !== base?.[w.field]);
  return blocking.length ? { ok: false, issues: blocking } : { ok: true, value: result.value };
}

function mergeIssues(a: FieldIssue[], b: FieldIssue[]): FieldIssue[] {
  return [...a, ...b.filter((x) => !a.some((y) => y.field === x.field))];
}
