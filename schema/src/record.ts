import type { z } from "zod";
import { type FieldIssue, isPhoneShaped, issueMessages, toIssues } from "./fields.js";

/**
 * Fields every record carries. Times are milliseconds since the epoch; people are user ids.
 * `deletedAt` and `_v` are optional in the type because a record is written field by field: a
 * record that was never deleted has no `deletedAt` in its document until `migrate` fills in `null`.
 */
export interface BaseRecord {
  id: string;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
  /** Soft deletion time; null (or absent) while the record is live. */
  deletedAt?: number | null;
  /** The schema version the record was written at. */
  _v?: number;
}

/** The key under which a stored record keeps the schema version it was written at. */
export const VERSION_KEY = "_v";

export type StoredRecord = Record<string, unknown>;

/**
 * One named step from version `to - 1` to version `to`. Steps only add or reshape fields: a record
 * from any older version can be brought forward, and fields this code does not know are kept.
 */
export interface Migration {
  id: string;
  to: number;
  up(record: StoredRecord): StoredRecord;
}

/**
 * `warnings` name fields that were accepted but look wrong (a phone number of the wrong length,
 * kept as typed): an import keeps the row and reports them, a form refuses to save until fixed.
 */
export type ValidationResult<T> = { ok: true; value: T; warnings?: FieldIssue[] } | { ok: false; issues: FieldIssue[] };

export interface RecordTypeSpec<R extends BaseRecord, Input extends z.ZodType> {
  /** Singular name, as in the UI and in migration ids: "account". */
  typeName: string;
  /** Plural name: the local table, the SQL table and part of the document name: "accounts". */
  collection: string;
  /** How many Yjs documents the records of one workspace are spread over (see docs.ts). */
  shards: number;
  migrations: Migration[];
  /** Validates what a person or an import supplies (everything but the BaseRecord fields). */
  input: Input;
  defaults(): Omit<R, keyof BaseRecord>;
  /** Fields holding a phone number (stored E.164 when readable: phoneNumbers.ts). */
  phoneFields?: readonly (keyof R & string)[];
  /** Lowercased words a prefix search should find the record by. */
  searchTerms(record: R): string[];
  /** The string the default list sorts by. */
  sortKey(record: R): string;
  /** Fields whose value must be unique among the live records of the type (checked by imports). */
  unique?: readonly (keyof R & string)[];
  /**
   * Fields that follow from a change (a status change stamps its time). Given the validated fields
   * about to be written and the record before (null when new); returns extra fields to write.
   */
  deriveChanges?(changes: StoredRecord, before: StoredRecord | null, now: number): StoredRecord;
}

export interface RecordType<R extends BaseRecord, Input extends z.ZodType> extends RecordTypeSpec<R, Input> {
  version: number;
  validate(input: unknown): ValidationResult<z.output<Input>>;
  /** Brings a stored record of any version to the current one; unknown fields are kept. */
  migrate(stored: StoredRecord): R & StoredRecord;
}

export function defineRecordType<R extends BaseRecord, Input extends z.ZodType>(
  spec: RecordTypeSpec<R, Input>,
): RecordType<R, Input> {
  spec.migrations.forEach((m, i) => {
    if (m.to !== i + 2) throw new Error(`${spec.typeName}: migration ${m.id} must lead to version ${i + 2}`);
  });
  const version = spec.migrations.length + 1;
  return {
    ...spec,
    version,
    validate(input) {
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
      const value = parsed.data as Record<string, unknown>;
      const warnings: FieldIssue[] = [];
      for (const field of spec.phoneFields ?? []) {
        const v = value[field];
        if (typeof v === "string" && v !== "" && !isPhoneShaped(v))
          warnings.push({ field, code: "invalidPhone", message: issueMessages.invalidPhone });
      }
      return warnings.length ? { ok: true, value: parsed.data, warnings } : { ok: true, value: parsed.data };
    },
    migrate(stored) {
      let rec: StoredRecord = { ...stored };
      const from = typeof rec[VERSION_KEY] === "number" ? (rec[VERSION_KEY] as number) : 1;
      for (const m of spec.migrations) if (m.to > from) rec = m.up(rec);
      // Restoring from the trash writes 0 (a Yjs field is never removed): 0 and absent mean live.
      const deletedAt = typeof rec.deletedAt === "number" && rec.deletedAt > 0 ? rec.deletedAt : null;
      // A record written by newer code keeps its version: nothing is lost or downgraded.
      return {
        ...spec.defaults(),
        ...rec,
        deletedAt,
        [VERSION_KEY]: Math.max(from, version),
      } as unknown as R & StoredRecord;
    },
  };
}
