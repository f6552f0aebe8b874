import type { z } from "zod";
import { effectiveFields, type FieldSettings } from "./descriptors/effective.js";
import type { RecordFields, RecordValues } from "./descriptors/spec.js";
import type { FieldDescriptor, RefCollection } from "./descriptors/types.js";
import { defaultsOf, inputFromFields, type ReportIssue } from "./descriptors/validators.js";
import { type FieldIssue, isPhoneShaped, issueMessages, toIssues } from "./fields.js";
import type { WorkspaceSettings } from "./settings.js";

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

export interface RecordTypeSpec<R extends BaseRecord> {
  /** Singular name, as in the UI and in migration ids: "account". */
  typeName: string;
  /** Plural name: the local table, the SQL table and part of the document name: "accounts". */
  collection: RefCollection;
  /** How many Yjs documents the records of one workspace are spread over (see docs.ts). */
  shards: number;
  migrations: Migration[];
  /** The fields, once: validator, defaults, phone and unique fields all follow from them. */
  fields: RecordFields<R>;
  /**
   * Rules across fields, after each field is valid on its own: reports issues on a field, or
   * returns the value with fields filled in (a deal's probability from its stage). Fields marked
   * `emptyIsNull` arrive as null when not given; `computed` ones are absent until set here.
   */
  refine?(value: RecordValues<R>, report: ReportIssue<keyof RecordValues<R> & string>): RecordValues<R> | undefined;
  /** Lowercased words a prefix search should find the record by. */
  searchTerms(record: R): string[];
  /** The string the default list sorts by. */
  sortKey(record: R): string;
  /**
   * Fields that follow from a change (a status change stamps its time). Given the validated fields
   * about to be written and the record before (null when new); returns extra fields to write.
   * `settings`: the workspace's pipeline, for what depends on it (a deal's stage move sets its
   * probability and won/lost stamps); without it those are left alone. Every writer — the web
   * app's store, the peer's write check — passes it, so each one writes the same fields.
   * Fields already in `changes` are never overridden (a second call adds nothing).
   */
  deriveChanges?(
    changes: StoredRecord,
    before: StoredRecord | null,
    now: number,
    settings?: Pick<WorkspaceSettings, "pipelineStages">,
  ): StoredRecord;
}

export interface ValidateOptions {
  /**
   * The workspace's settings (or their field parts): custom fields are validated too, and
   * picklists accept the workspace's values. Without them, the built-in fields and values only.
   */
  settings?: FieldSettings;
  /**
   * Validating a change to a stored record: a required custom field the input leaves out (absent,
   * not empty) is let be, so records stored before it was added or made required keep saving
   * other changes. Given empty, it is refused as on a new record.
   */
  update?: boolean;
}

export interface RecordType<R extends BaseRecord> extends RecordTypeSpec<R> {
  version: number;
  /** The built-in fields' validator (no settings): derived from `fields` and `refine`. */
  input: z.ZodType<RecordValues<R>>;
  /** Fields holding a phone number (stored E.164 when readable: phoneNumbers.ts). */
  phoneFields: readonly string[];
  /** Fields whose value must be unique among the live records of the type (checked by imports). */
  unique: readonly string[];
  /** A new record's values: each field's default. */
  defaults(): RecordValues<R>;
  /** The effective fields in a workspace: built-in (its picklist values) and custom (retired ones flagged). */
  fieldsOf(settings?: FieldSettings): readonly FieldDescriptor[];
  /** Validates what a person or an import supplies; custom fields too when given the settings. */
  validate(input: unknown, options?: ValidateOptions): ValidationResult<RecordValues<R>>;
  /** Brings a stored record of any version to the current one; unknown fields are kept. */
  migrate(stored: StoredRecord): R & StoredRecord;
}

export function defineRecordType<R extends BaseRecord>(spec: RecordTypeSpec<R>): RecordType<R> {
  spec.migrations.forEach((m, i) => {
    if (m.to !== i + 2) throw new Error(`${spec.typeName}: migration ${m.id} must lead to version ${i + 2}`);
  });
  const version = spec.migrations.length + 1;
  const refine = spec.refine?.bind(spec);
  const input = inputFromFields<RecordValues<R>>(spec.fields, refine);
  const compiled = new WeakMap<FieldSettings, z.ZodType>();
  const fieldsOf = (settings?: FieldSettings) => effectiveFields(spec.fields, spec.collection, settings);
  const validatorFor = (settings: FieldSettings) => {
    const hit = compiled.get(settings);
    if (hit) return hit;
    const made = inputFromFields(fieldsOf(settings), refine);
    compiled.set(settings, made);
    return made;
  };
  const defaults = () => defaultsOf(spec.fields) as RecordValues<R>;
  return {
    ...spec,
    version,
    input,
    phoneFields: spec.fields.filter((f) => f.kind === "phone").map((f) => f.key),
    unique: spec.fields.filter((f) => f.unique).map((f) => f.key),
    defaults,
    fieldsOf,
    validate(raw, options) {
      const settings = options?.settings;
      const fields = fieldsOf(settings);
      // Custom fields are optional to the object validator (absent: nothing to write); required
      // ones are checked here, where a new record and a change differ.
      const given = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
      const missing: FieldIssue[] = options?.update
        ? []
        : fields
            .filter((f) => f.customId && f.required && !f.retired && f.kind !== "boolean" && given[f.key] === undefined)
            .map((f) => ({ field: f.key, code: "required", message: issueMessages.required }));
      const parsed = (settings ? validatorFor(settings) : input).safeParse(raw);
      if (!parsed.success || missing.length) {
        const order = new Map(fields.map((f, i) => [f.key, i]));
        const at = (i: FieldIssue) => order.get(i.field.split(".")[0]!) ?? fields.length;
        const issues = [...(parsed.success ? [] : toIssues(parsed.error)), ...missing];
        return { ok: false, issues: issues.sort((a, b) => at(a) - at(b)) };
      }
      const value = parsed.data as Record<string, unknown>;
      const warnings: FieldIssue[] = [];
      for (const f of fields) {
        const v = value[f.key];
        if (f.kind === "phone" && !f.retired && typeof v === "string" && v !== "" && !isPhoneShaped(v))
          warnings.push({ field: f.key, code: "invalidPhone", message: issueMessages.invalidPhone });
      }
      const ok = parsed.data as RecordValues<R>;
      return warnings.length ? { ok: true, value: ok, warnings } : { ok: true, value: ok };
    },
    migrate(stored) {
      let rec: StoredRecord = { ...stored };
      const from = typeof rec[VERSION_KEY] === "number" ? (rec[VERSION_KEY] as number) : 1;
      for (const m of spec.migrations) if (m.to > from) rec = m.up(rec);
      // Restoring from the trash writes 0 (a Yjs field is never removed): 0 and absent mean live.
      const deletedAt = typeof rec.deletedAt === "number" && rec.deletedAt > 0 ? rec.deletedAt : null;
      // A record written by newer code keeps its version: nothing is lost or downgraded.
      return {
        ...defaults(),
        ...rec,
        deletedAt,
        [VERSION_KEY]: Math.max(from, version),
      } as unknown as R & StoredRecord;
    },
  };
}
