import { type Collection, canWriteCollection, type Role } from "@crm/schema";
import type Database from "better-sqlite3";
import { z } from "zod";

/*
 * Quote and order numbers ("Q-00042", "O-00042") go on documents sent to customers, so they must
 * be unique in the workspace and never change once given. Devices number offline, so the server
 * cannot hand them out one at a time: it hands out BLOCKS (`POST /api/workspaces/:ws/sequences/
 * :kind`, body `{ count, atLeast }` → `{ first, last }`), and each device keeps a small reserve
 * (web/src/runtime/numberReserve.ts) that it numbers from, online or not.
 *
 * - One counter per workspace and kind: the last number handed out, in `number_sequences` of the
 *   same SQLite file as everything else (one backup holds it). A block is one UPSERT … RETURNING
 *   inside an IMMEDIATE transaction: the counter is read and moved under SQLite's write lock, so
 *   no two callers — requests of one process or several processes on one file — ever get
 *   overlapping blocks.
 * - Migration: `atLeast` is the highest number the caller has seen (numbers made before blocks
 *   existed, imported ones); a block starts above max(counter, atLeast), so the server's numbers
 *   never reuse one that is already on a document the caller knows of.
 * - Numbers reserved by a device that never uses them are simply skipped: gaps are the price of
 *   numbering offline without collisions. Numbers are unique, not dense nor in time order.
 */

export const sequenceKinds = ["quote", "order"] as const;
export type SequenceKind = (typeof sequenceKinds)[number];

/** Who must be able to write what to reserve numbers of a kind. */
export const sequenceCollection: Record<SequenceKind, Collection> = { quote: "quotes", order: "orders" };

/** Numbers stay below 10^9: nine digits fit the `number` field (20 characters) with room to spare. */
export const MAX_SEQUENCE_NUMBER = 999_999_999;
/** The largest block one request may take (a script importing orders takes big ones). */
export const MAX_BLOCK = 1000;

export const blockRequest = z.object({
  count: z
    .number({ error: "a whole number of numbers to reserve" })
    .int("a whole number of numbers to reserve")
    .min(1, "at least 1")
    .max(MAX_BLOCK, `at most ${MAX_BLOCK}`),
  atLeast: z
    .number({ error: "the highest number this device has seen (a whole number)" })
    .int("the highest number this device has seen (a whole number)")
    .min(0, "0 or more")
    .max(MAX_SEQUENCE_NUMBER, `at most ${MAX_SEQUENCE_NUMBER}`)
    .default(0),
});
export type BlockRequest = z.infer<typeof blockRequest>;

export function isSequenceKind(value: string): value is SequenceKind {
  return (sequenceKinds as readonly string[]).includes(value);
}

/** May `role` reserve numbers of `kind`? Whoever may write the collection the numbers go on. */
export function canReserve(role: Role, kind: SequenceKind): boolean {
  return canWriteCollection(role, sequenceCollection[kind]);
}

export class SequenceExhausted extends Error {}

/** The SQL of one allocation, exported so a test can run it from other threads on the same file. */
export const ALLOCATE_SQL = `
  INSERT INTO number_sequences (workspace_id, kind, last_issued) VALUES (@ws, @kind, @atLeast + @count)
  ON CONFLICT (workspace_id, kind) DO UPDATE SET last_issued = max(last_issued, @atLeast) + @count
  RETURNING last_issued AS last`;

export class NumberSequences {
  private readonly allocateStmt: Database.Statement;
  private readonly lastStmt: Database.Statement;

  /** `db`: the auth store's connection (same file as the documents); creates the table if needed. */
  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS number_sequences (
        workspace_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        last_issued INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, kind)
      ) WITHOUT ROWID;
    `);
    this.allocateStmt = db.prepare(ALLOCATE_SQL);
    this.lastStmt = db.prepare("SELECT last_issued AS last FROM number_sequences WHERE workspace_id = ? AND kind = ?");
  }

  /** The next `count` numbers of the workspace's `kind`, above `atLeast`; never handed out again. */
  allocate(workspaceId: string, kind: SequenceKind, { count, atLeast }: BlockRequest): { first: number; last: number } {
    const take = this.db.transaction(() => {
      const { last } = this.allocateStmt.get({ ws: workspaceId, kind, atLeast, count }) as { last: number };
      // Checked inside the transaction: throwing rolls the counter back.
      if (last > MAX_SEQUENCE_NUMBER)
        throw new SequenceExhausted(`${kind} numbers are used up (the highest is ${MAX_SEQUENCE_NUMBER})`);
      return { first: last - count + 1, last };
    });
    return take.immediate();
  }

  /** The last number handed out (0 before the first block). */
  lastIssued(workspaceId: string, kind: SequenceKind): number {
    return (this.lastStmt.get(workspaceId, kind) as { last: number } | undefined)?.last ?? 0;
  }
}
