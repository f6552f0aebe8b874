import { documentNumber } from "@crm/schema";
import type { CrmDatabase } from "../local/db.js";
import { type NumberPrefix, newDeviceTag, provisionalNumber, sequenceNumberOf } from "./numbers.js";

/*
 * Quote and order numbers that never collide, even offline.
 *
 * The server hands out BLOCKS of numbers per workspace and kind, atomically
 * (`POST /api/workspaces/:ws/sequences/:kind`, sync-server/src/api/sequences.ts). This device
 * keeps a small reserve of them in its Dexie `prefs` table (the database is per workspace, so the
 * reserve is too) and numbers from it, online or not:
 *
 * - Refill: whenever fewer than LOW numbers remain, a block of BLOCK more is asked for — at
 *   startup, on every reconnect and after each number taken (runtime.ts, `take`). Offline the ask
 *   fails quietly and the next trigger tries again. Roles that may not write the collection
 *   never ask (the server would refuse).
 * - Migration: every ask sends `atLeast`, the highest sequence number in this device's projection
 *   (numbers made before blocks existed, or imported); the server's counter takes the max.
 * - Taking: one IndexedDB transaction pops the reserve's lowest number, so two tabs of one
 *   device never take the same one; a number some record here already has (demo data or an
 *   import that arrived after the block) is skipped. If the reserve is empty, `take` waits up to `waitMs` for a
 *   refill that is (or can be) under way — online, the first quote after sign-in still gets a
 *   sequence number — and otherwise gives a provisional number (numbers.ts), unique without the
 *   server and never reused. The UI never waits longer than that on the network.
 * - Numbers stay unique, not dense: numbers reserved and never used (a device given up, a second
 *   tab's refill) are gaps, and numbers follow the order blocks were handed out, not time.
 *
 * Known limit: the migration is only as good as what devices have synced when they first ask; a
 * device holding unsynced numbers made the old way (highest on this device + 1) can still bring a
 * duplicate of those old numbers, as before.
 */

export type NumberKind = "quote" | "order";
const PREFIX: Record<NumberKind, NumberPrefix> = { quote: "Q", order: "O" };
const TABLE = { quote: "quotes", order: "orders" } as const;

/** Ask for more when fewer than this many are left… */
export const LOW = 10;
/** …this many at a time: a rep numbers ~20 quotes offline before needing the server. */
export const BLOCK = 20;

interface Block {
  first: number;
  last: number;
}
interface ReserveRow {
  blocks: Block[];
  /** Provisional numbers of this kind handed out on this device so far. */
  provisional: number;
}

export type FetchBlock = (kind: NumberKind, count: number, atLeast: number) => Promise<Block>;

export interface NumberReserveOptions {
  /** Asks the server for `count` numbers above `atLeast`; rejects when offline or refused. */
  fetchBlock: FetchBlock;
  /** Whether this person may create records of the kind (else no block is ever asked for). */
  canReserve?: (kind: NumberKind) => boolean;
  /** How long `take` may wait for a refill when the reserve is empty. */
  waitMs?: number;
  /** Where failures other than being offline are reported. */
  onError?: (kind: NumberKind, error: unknown) => void;
}

const reserveKey = (kind: NumberKind) => `numbers.${kind}`;
const DEVICE_KEY = "numbers.deviceTag";

export class NumberReserve {
  private readonly inFlight = new Map<NumberKind, Promise<void>>();

  constructor(
    private readonly db: CrmDatabase,
    private readonly options: NumberReserveOptions,
  ) {}

  /** The next number of `kind` for a new record: "Q-00042", or provisional "Q-0001-7KQ2XM". */
  async take(kind: NumberKind): Promise<string> {
    let n = await this.pop(kind);
    if (n === null && this.mayReserve(kind)) {
      const waitMs = this.options.waitMs ?? 2000;
      await Promise.race([this.refill(kind), new Promise((r) => setTimeout(r, waitMs))]);
      n = await this.pop(kind);
    }
    const number = n === null ? await this.provisional(kind) : documentNumber(PREFIX[kind], n);
    void this.refill(kind);
    return number;
  }

  /** How many sequence numbers of `kind` this device holds. */
  async remaining(kind: NumberKind): Promise<number> {
    return count((await this.row(kind)).blocks);
  }

  /** Asks for a block of `kind` if the reserve is low; never rejects (offline is normal). */
  refill(kind: NumberKind): Promise<void> {
    if (!this.mayReserve(kind)) return Promise.resolve();
    const running = this.inFlight.get(kind);
    if (running) return running;
    const run = this.doRefill(kind)
      .catch((err) => this.options.onError?.(kind, err))
      .finally(() => this.inFlight.delete(kind));
    this.inFlight.set(kind, run);
    return run;
  }

  refillAll(): Promise<void> {
    return Promise.all([this.refill("quote"), this.refill("order")]).then(() => {});
  }

  private mayReserve(kind: NumberKind): boolean {
    return this.options.canReserve?.(kind) ?? true;
  }

  private async doRefill(kind: NumberKind): Promise<void> {
    if ((await this.remaining(kind)) >= LOW) return;
    const block = await this.options.fetchBlock(kind, BLOCK, await this.highestSeen(kind));
    if (!Number.isSafeInteger(block.first) || !Number.isSafeInteger(block.last) || block.last < block.first)
      throw new Error(`the server sent a bad number block: ${JSON.stringify(block)}`);
    await this.db.transaction("rw", this.db.prefs, async () => {
      const row = await this.row(kind);
      row.blocks.push({ first: block.first, last: block.last });
      row.blocks.sort((a, b) => a.first - b.first);
      await this.db.prefs.put({ key: reserveKey(kind), value: row });
    });
  }

  /**
   * The reserve's lowest number that no record on this device already has, removed in the same
   * transaction (with any skipped ones); null when none is left. A reserved number can be taken
   * already when records arrived with numbers of their own after the block was handed out (the
   * demo data, an import): skipping is one indexed lookup, and the next ask's `atLeast` moves the
   * server's counter past them.
   */
  private pop(kind: NumberKind): Promise<number | null> {
    const table = this.db[TABLE[kind]];
    return this.db.transaction("rw", [this.db.prefs, table], async () => {
      const row = await this.row(kind);
      let found: number | null = null;
      while (found === null && row.blocks.length) {
        const block = row.blocks[0]!;
        if (block.first === block.last) row.blocks.shift();
        else row.blocks[0] = { first: block.first + 1, last: block.last };
        const sortKey = documentNumber(PREFIX[kind], block.first).toLowerCase();
        if ((await table.where("sortKey").equals(sortKey).count()) === 0) found = block.first;
      }
      await this.db.prefs.put({ key: reserveKey(kind), value: row });
      return found;
    });
  }

  private provisional(kind: NumberKind): Promise<string> {
    return this.db.transaction("rw", this.db.prefs, async () => {
      let tag = (await this.db.prefs.get(DEVICE_KEY))?.value as string | undefined;
      if (typeof tag !== "string" || !tag) {
        tag = newDeviceTag();
        await this.db.prefs.put({ key: DEVICE_KEY, value: tag });
      }
      const row = await this.row(kind);
      row.provisional += 1;
      await this.db.prefs.put({ key: reserveKey(kind), value: row });
      return provisionalNumber(PREFIX[kind], row.provisional, tag);
    });
  }

  private async row(kind: NumberKind): Promise<ReserveRow> {
    const value = (await this.db.prefs.get(reserveKey(kind)))?.value as Partial<ReserveRow> | undefined;
    return {
      blocks: Array.isArray(value?.blocks) ? value.blocks.filter(isBlock) : [],
      provisional: typeof value?.provisional === "number" ? value.provisional : 0,
    };
  }

  /**
   * The highest sequence number in this device's projection. All keys of the sort index are
   * read (one native getAllKeys, no records): with zero-padding to 5 digits, "q-100000" sorts
   * before "q-20000", so the index's last key is not always the highest.
   */
  private async highestSeen(kind: NumberKind): Promise<number> {
    const keys = (await this.db[TABLE[kind]].orderBy("sortKey").keys()) as string[];
    let max = 0;
    for (const k of keys) max = Math.max(max, sequenceNumberOf(k));
    return max;
  }
}

function isBlock(b: unknown): b is Block {
  const x = b as Block;
  return Number.isSafeInteger(x?.first) && Number.isSafeInteger(x?.last) && x.first <= x.last;
}

function count(blocks: Block[]): number {
  return blocks.reduce((n, b) => n + b.last - b.first + 1, 0);
}
