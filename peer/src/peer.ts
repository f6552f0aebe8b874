import { createHash } from "node:crypto";
import {
  type CollectionName,
  type FieldDescriptor,
  fieldsOf,
  type Rule,
  readRules,
  readSettings,
  type StoredRecord,
  type WorkspaceSettings,
} from "@crm/schema";
import { ChangeFeed } from "./changes.js";
import { claimPeerDb, openPeerDb, type PeerDb, readMeta, releasePeerDb, writeMeta } from "./db/open.js";
import { getRecordJson, type ListPage, type ListQuery, listRecords } from "./db/query.js";
import { ensureCollectionTables } from "./db/tables.js";
import { JobRunner } from "./jobs/runner.js";
import { SqliteJobStore } from "./jobs/sqlite.js";
import type { Job } from "./jobs/types.js";
import { type Logger, silentLogger } from "./logger.js";
import { type CreateOptions, RecordWriter } from "./records.js";
import { LiveDocuments } from "./sync/documents.js";
import { SyncLink } from "./sync/link.js";
import { type CommitInfo, ShardStore } from "./sync/shards.js";
import { type PeerRecord, PeerUnavailableError, type RecordChange, type WriteResult } from "./types.js";

/*
 * The automation peer of one workspace: a client of the sync protocol that keeps a projection of
 * every record (SQLite), follows the server's stream, writes records as a browser does, records
 * every change in a durable feed and runs durable jobs. Everything server-side that reads or
 * writes records goes through it: the REST API, rules, webhooks, notifications. See CONTEXT.md.
 */

export interface PeerOptions {
  workspace: string;
  /** The peer's SQLite file (`:memory:` for tests). */
  file: string;
  /** The server's `/sync` WebSocket URL with a token of the `automation` role; `fresh`: mint a new one. */
  url(fresh: boolean): Promise<string>;
  logger?: Logger;
  /** Run jobs here (one process per workspace should: the server without a worker, or the worker). */
  runJobs?: boolean;
  /** How long a write waits for the server's acknowledgement; default 15 s. */
  ackTimeoutMs?: number;
  /** See ShardStoreOptions. */
  hotBudgetBytes?: number;
  idleMs?: number;
  /** Documents syncing at once (SyncLink window). */
  window?: number;
  /** SQLite page cache (MiB). */
  cacheMiB?: number;
  /**
   * The workspace is new (made after automation existed) and this peer's first sync is its first
   * look at it: report every record found as created, so nothing made before the peer started
   * escapes the rules and webhooks. Otherwise a first sync only builds the projection (a workspace
   * older than the peer: its history is not news). `firstSyncDone` is told once it completed.
   */
  firstSync?: { isNew(): boolean; done(): void };
}

/** What a job handler gets: the peer, and writes whose effects happen once however often the job runs. */
export interface PeerJobContext {
  peer: WorkspacePeer;
  job: Job;
  /** Stamped as createdBy/updatedBy on the job's writes. */
  actor: string;
  /**
   * Creates a record exactly once: its id follows from the job's id and `n` (the n-th record the
   * job creates), so a job run again after a crash finds it and writes nothing.
   */
  createRecord(collection: CollectionName, input: StoredRecord, n?: number): Promise<WriteResult>;
  /** Sets fields: idempotent by nature (only fields whose value differs are written). */
  patchRecord(collection: CollectionName, id: string, input: StoredRecord): Promise<WriteResult>;
}

/** The record id the `n`-th create of a job gets (stable across the job's runs). */
export function jobRecordId(jobId: string, n = 0): string {
  return `j${createHash("sha256").update(`${jobId}:${n}`).digest("hex").slice(0, 23)}`;
}

export class WorkspacePeer {
  readonly workspace: string;
  readonly db: PeerDb;
  readonly feed: ChangeFeed;
  readonly jobs: SqliteJobStore;
  readonly runner: JobRunner<PeerJobContext>;
  /** Documents that are no record shard (a person's inbox), opened while a job needs them. */
  readonly documents: LiveDocuments;
  private readonly shards: ShardStore;
  private readonly link: SyncLink;
  private readonly writer: RecordWriter;
  private readonly listeners = new Set<(changes: readonly RecordChange[]) => void>();
  private settingsCache: WorkspaceSettings | null = null;
  private rulesCache: Rule[] | null = null;
  private bootstrapped: boolean;
  private readonly firstSyncIsNew: boolean;
  private readyWaiters: (() => void)[] = [];
  private syncedWaiters: (() => void)[] = [];
  private maintenance: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(private readonly o: PeerOptions) {
    const logger = o.logger ?? silentLogger;
    this.workspace = o.workspace;
    this.db = openPeerDb(o.file, { cacheMiB: o.cacheMiB });
    try {
      claimPeerDb(this.db, o.file);
    } catch (err) {
      this.db.close();
      throw err;
    }
    ensureCollectionTables(this.db);
    this.bootstrapped = readMeta(this.db, "bootstrapped") === "1";
    this.firstSyncIsNew = !this.bootstrapped && (o.firstSync?.isNew() ?? false);
    this.feed = new ChangeFeed(this.db, o.workspace, logger);
    this.jobs = new SqliteJobStore(this.db);
    this.jobs.requeueAbandoned();
    this.shards = new ShardStore({
      db: this.db,
      workspace: o.workspace,
      feed: this.feed,
      logger,
      recordChanges: () => this.bootstrapped || this.firstSyncIsNew,
      indexShards: () => this.bootstrapped,
      onCommitted: (info) => this.committed(info),
      ...(o.hotBudgetBytes !== undefined ? { hotBudgetBytes: o.hotBudgetBytes } : {}),
      ...(o.idleMs !== undefined ? { idleMs: o.idleMs } : {}),
    });
    this.documents = new LiveDocuments();
    this.link = new SyncLink({
      url: o.url,
      documents: this.documents,
      shards: this.shards,
      logger,
      workspace: o.workspace,
      ...(o.window !== undefined ? { window: o.window } : {}),
      onSynced: () => this.onSynced(),
    });
    this.writer = new RecordWriter({
      workspace: o.workspace,
      db: this.db,
      shards: this.shards,
      settings: () => this.settings(),
      ackTimeoutMs: o.ackTimeoutMs ?? 15_000,
    });
    this.runner = new JobRunner<PeerJobContext>({ store: this.jobs, logger, context: (job) => this.jobContext(job) });
    this.jobs.onEnqueued = () => this.runner.wake();
  }

  /** Connects and starts following the server (and running jobs, when asked). */
  start(): void {
    this.link.start();
    this.shards.startSweeping();
    if (this.o.runJobs) this.runner.start();
    this.maintenance ??= setInterval(() => this.maintain(), 60_000);
    this.maintenance.unref?.();
  }

  /** The projection holds the workspace: its first sync completed once (now or in an earlier run). */
  get isReady(): boolean {
    return this.bootstrapped;
  }

  ready(timeoutMs = 60_000): Promise<void> {
    return this.until(() => this.bootstrapped, this.readyWaiters, timeoutMs, "the first sync");
  }

  /** Resolves when every document synced on the current connection (the projection has what the server had then). */
  whenSynced(timeoutMs = 60_000): Promise<void> {
    return this.until(() => this.link.synced, this.syncedWaiters, timeoutMs, "sync");
  }

  private onSynced(): void {
    if (!this.bootstrapped) {
      writeMeta(this.db, "bootstrapped", "1");
      this.bootstrapped = true;
      this.o.firstSync?.done();
    }
    for (const w of this.readyWaiters.splice(0)) w();
    for (const w of this.syncedWaiters.splice(0)) w();
  }

  get connected(): boolean {
    return this.link.connected;
  }

  /** For tests and metrics: decoded shards now, decodes so far, documents the server refused. */
  stats(): { hotShards: number; decodes: number; refused: number } {
    return { hotShards: this.shards.hotCount(), decodes: this.shards.decodes, refused: this.link.refusals.size };
  }

  /** The workspace settings as the peer has them (custom fields, picklists, currency …). */
  settings(): WorkspaceSettings {
    this.settingsCache ??= readSettings(this.shards.hot(this.shards.settings)).settings;
    return this.settingsCache;
  }

  /** The workspace's workflow rules (schema/src/rules/store.ts), built-ins included. */
  rules(): Rule[] {
    this.rulesCache ??= readRules(this.shards.hot(this.shards.settings)).rules;
    return this.rulesCache;
  }

  /** A collection's fields in this workspace, bookkeeping fields first (what filters and sorts may name). */
  fields(collection: CollectionName): readonly FieldDescriptor[] {
    return fieldsOf(collection, this.settings(), { base: true });
  }

  // --- reading the projection ---------------------------------------------------------------

  /** One record (soft-deleted ones too), as stored JSON, or undefined. */
  getJson(collection: CollectionName, id: string): string | undefined {
    this.check();
    return getRecordJson(this.db, collection, id);
  }

  get(collection: CollectionName, id: string): PeerRecord | undefined {
    const json = this.getJson(collection, id);
    return json ? (JSON.parse(json) as PeerRecord) : undefined;
  }

  /** A page of records: filters, one sort, cursor (db/query.ts). Throws QueryError for a bad query. */
  list(collection: CollectionName, query: ListQuery = {}): ListPage {
    this.check();
    return listRecords(this.db, collection, this.fields(collection), query);
  }

  // --- writing records ---------------------------------------------------------------------------

  /** Validates and creates a record; resolves once the server stored it. */
  create(collection: CollectionName, input: StoredRecord, options: CreateOptions): Promise<WriteResult> {
    this.check();
    return this.writer.create(collection, input, options);
  }

  /** Sets the fields given (merging with concurrent edits of other fields); resolves once stored. */
  patch(collection: CollectionName, id: string, input: StoredRecord, actor: string): Promise<WriteResult> {
    this.check();
    return this.writer.patch(collection, id, input, actor);
  }

  remove(collection: CollectionName, id: string, actor: string): Promise<WriteResult> {
    this.check();
    return this.writer.setDeleted(collection, id, true, actor);
  }

  restore(collection: CollectionName, id: string, actor: string): Promise<WriteResult> {
    this.check();
    return this.writer.setDeleted(collection, id, false, actor);
  }

  // --- changes ---------------------------------------------------------------------------------

  /**
   * Hears every change after it is committed (in this process, not durable: a listener added
   * after a change never hears it). Durable consumers use `feed.consume`.
   */
  onChange(listener: (changes: readonly RecordChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.maintenance) clearInterval(this.maintenance);
    await this.runner.stop();
    this.documents.close();
    this.link.close();
    this.feed.close();
    this.shards.close();
    releasePeerDb(this.db);
    this.db.close();
  }

  private check(): void {
    if (this.closed) throw new PeerUnavailableError(`the peer of ${this.workspace} is closed`);
  }

  private committed(info: CommitInfo): void {
    if (info.shard === this.shards.settings) {
      this.settingsCache = null;
      this.rulesCache = null;
    }
    if (info.local) this.link.sendLocal(info.shard, info.update);
    if (!info.changes.length) return;
    this.feed.wake();
    const changes = info.changes;
    for (const l of this.listeners) {
      try {
        l(changes);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  private jobContext(job: Job): PeerJobContext {
    const actor = "automation";
    return {
      peer: this,
      job,
      actor,
      createRecord: (collection, input, n = 0) => this.create(collection, input, { actor, id: jobRecordId(job.id, n) }),
      patchRecord: (collection, id, input) => this.patch(collection, id, input, actor),
    };
  }

  private maintain(): void {
    try {
      this.feed.prune(24 * 3600_000);
      this.jobs.prune(7 * 24 * 3600_000);
    } catch {
      // next time
    }
  }

  private until(done: () => boolean, waiters: (() => void)[], ms: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = waiters.indexOf(ok);
        if (i >= 0) waiters.splice(i, 1);
        reject(new PeerUnavailableError(`the peer of ${this.workspace} did not complete ${what} in ${ms} ms`));
      }, ms);
      const ok = () => {
        clearTimeout(timer);
        resolve();
      };
      waiters.push(ok);
    });
  }
}
