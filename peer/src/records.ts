import {
  type CollectionName,
  DELETED_AT,
  type FieldIssue,
  fieldsOf,
  isRecordId,
  newId,
  recordDocName,
  recordTypes,
  type StoredRecord,
  type WorkspaceSettings,
} from "@crm/schema";
import type { PeerDb } from "./db/open.js";
import { getRecordJson, idsWithValue } from "./db/query.js";
import type { Shard, ShardStore } from "./sync/shards.js";
import type { PeerRecord, WriteResult } from "./types.js";
import { changedFields, checkInput, duplicateIssue, refusedKeys } from "./writes.js";

/*
 * Record writes, as the browser's store makes them (web/src/local/store.ts): validated with the
 * workspace's settings, derived fields added (`deriveChanges`), written with `writeRecord` into
 * the record's shard (history, per-field merge), and counted only once the server acknowledged
 * storing them. A change writes only the fields whose value differs from the stored record, so a
 * concurrent edit of another field — anyone's, anywhere — survives.
 */

export interface RecordWriterDeps {
  workspace: string;
  db: PeerDb;
  shards: ShardStore;
  settings(): WorkspaceSettings;
  /** How long a write waits for the server's acknowledgement. */
  ackTimeoutMs: number;
}

export interface CreateOptions {
  actor: string;
  /**
   * The new record's id. Given by callers that must create a record exactly once — a retried
   * job, a repeated API request with the same Idempotency-Key: when a record with this id
   * exists, nothing is written and the existing record is returned (`created: false`).
   */
  id?: string;
}

const invalid = (issues: FieldIssue[]): WriteResult => ({ ok: false, status: 422, code: "invalid", issues });
const notFound = (id: string): WriteResult => ({
  ok: false,
  status: 404,
  code: "not-found",
  issues: [{ field: "id", code: "notFound" as FieldIssue["code"], message: `No record ${id}.` }],
});

export class RecordWriter {
  constructor(private readonly d: RecordWriterDeps) {}

  private shardOf(collection: CollectionName, id: string): Shard {
    return this.d.shards.get(recordDocName(this.d.workspace, recordTypes[collection], id))!;
  }

  private stored(collection: CollectionName, id: string): PeerRecord {
    return JSON.parse(getRecordJson(this.d.db, collection, id)!) as PeerRecord;
  }

  /** Waits for the server to hold what this process wrote to the shard so far. */
  private async acknowledged(shard: Shard): Promise<void> {
    await this.d.shards.waitStored(shard, this.d.shards.localTarget(shard), this.d.ackTimeoutMs);
  }

  private uniqueIssues(collection: CollectionName, value: StoredRecord, id: string): FieldIssue[] {
    const issues: FieldIssue[] = [];
    const fields = fieldsOf(collection, this.d.settings());
    for (const key of recordTypes[collection].unique) {
      const v = value[key];
      const f = fields.find((x) => x.key === key);
      if (!f || typeof v !== "string" || !v) continue;
      if (idsWithValue(this.d.db, collection, f, v).some((other) => other !== id)) issues.push(duplicateIssue(key));
    }
    return issues;
  }

  async create(collection: CollectionName, input: StoredRecord, o: CreateOptions): Promise<WriteResult> {
    if (o.id !== undefined && !isRecordId(o.id))
      return invalid([{ field: "id", code: "invalidId" as FieldIssue["code"], message: "Not a record id." }]);
    const settings = this.d.settings();
    const refused = refusedKeys(collection, input, settings);
    if (refused.length) return invalid(refused);
    const id = o.id ?? newId();
    const shard = this.shardOf(collection, id);
    const type = recordTypes[collection];
    const checked = checkInput(collection, input, settings);
    if (!checked.ok) {
      // An idempotent repeat of a create that was stored: the record exists, whatever the input says now.
      if (o.id && this.d.shards.hasRecord(shard, id)) {
        await this.acknowledged(shard);
        return { ok: true, record: this.stored(collection, id), created: false };
      }
      return invalid(checked.issues);
    }
    const duplicates = this.uniqueIssues(collection, checked.value, id);
    const now = Date.now();
    const exists = this.d.shards.hasRecord(shard, id);
    if (!exists && duplicates.length) return invalid(duplicates);
    if (!exists) {
      const fields = { ...checked.value, ...type.deriveChanges?.(checked.value, null, now, settings) };
      this.d.shards.writeFields(shard, id, fields, { actor: o.actor, now, version: type.version });
    }
    const created = !exists;
    await this.acknowledged(shard);
    return { ok: true, record: this.stored(collection, id), created };
  }

  /**
   * Sets the fields given (and those that follow from them: a deal's probability from its stage,
   * a case's resolution time), validated as the whole record would be.
   */
  async patch(collection: CollectionName, id: string, input: StoredRecord, actor: string): Promise<WriteResult> {
    const settings = this.d.settings();
    const refused = refusedKeys(collection, input, settings);
    if (refused.length) return invalid(refused);
    if (!isRecordId(id)) return notFound(id);
    const type = recordTypes[collection];
    const shard = this.shardOf(collection, id);
    const raw = this.d.shards.recordRaw(shard, id);
    if (!raw) return notFound(id);
    const before = type.migrate(raw) as StoredRecord;
    if (typeof before.deletedAt === "number" && before.deletedAt > 0)
      return {
        ok: false,
        status: 409,
        code: "deleted",
        issues: [{ field: "deletedAt", code: "deleted" as FieldIssue["code"], message: "Restore the record first." }],
      };
    const checked = checkInput(collection, { ...before, ...input }, settings, before);
    if (!checked.ok) return invalid(checked.issues);
    const baseChecked = type.validate(before, { settings, update: true });
    const base = (baseChecked.ok ? baseChecked.value : before) as StoredRecord;
    const changes = changedFields(base, checked.value);
    const now = Date.now();
    Object.assign(changes, type.deriveChanges?.(changes, before, now, settings));
    const duplicates = this.uniqueIssues(collection, changes, id);
    if (duplicates.length) return invalid(duplicates);
    // Read and written in one synchronous stretch: nothing else can change the record in between.
    if (Object.keys(changes).length)
      this.d.shards.writeFields(shard, id, changes, { actor, now, version: type.version });
    await this.acknowledged(shard);
    return { ok: true, record: this.stored(collection, id), created: false };
  }

  /** Soft delete (`deletedAt`), or restore (`deletedAt` 0, which reads as none). Idempotent. */
  async setDeleted(collection: CollectionName, id: string, deleted: boolean, actor: string): Promise<WriteResult> {
    if (!isRecordId(id)) return notFound(id);
    const type = recordTypes[collection];
    const shard = this.shardOf(collection, id);
    const raw = this.d.shards.recordRaw(shard, id);
    if (!raw) return notFound(id);
    const at = raw[DELETED_AT];
    const isDeleted = typeof at === "number" && at > 0;
    if (isDeleted !== deleted)
      this.d.shards.writeFields(
        shard,
        id,
        { [DELETED_AT]: deleted ? Date.now() : 0 },
        { actor, now: Date.now(), version: type.version },
      );
    await this.acknowledged(shard);
    return { ok: true, record: this.stored(collection, id), created: false };
  }
}
