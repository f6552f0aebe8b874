import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openPeerDb } from "../db/open.js";
import { type Shard, ShardRows } from "./shardRows.js";

/*
 * A peer's own write is synced to disk when stored (its only copy until the server acknowledges
 * it); an update from the server is not (the server sends it again), and the database is back to
 * synced commits after it — for jobs, the feed, anything else written next.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const shard = (): Shard =>
  ({
    name: "w/records/accounts/0",
    collection: "accounts",
    sv: new Uint8Array([0]),
    dirty: false,
    rows: 0,
    bytes: 0,
  }) as Shard;

describe("ShardRows.append", () => {
  it("syncs this peer's writes to disk, not the server's updates, and restores the setting", () => {
    const dir = mkdtempSync(join(tmpdir(), "crm-shardrows-"));
    dirs.push(dir);
    const db = openPeerDb(join(dir, "peer.sqlite"));
    const rows = new ShardRows(db);
    const level = () => db.pragma("synchronous", { simple: true });
    const s = shard();
    const seen: unknown[] = [];
    rows.append(s, new Uint8Array([1]), s.sv, true, () => seen.push(level()), true);
    rows.append(s, new Uint8Array([2]), s.sv, true, () => seen.push(level()), false);
    expect(seen).toEqual([2, 1]); // FULL for the local write, NORMAL for the remote one
    expect(level()).toBe(2);
    // Inside an outer transaction SQLite cannot change it: the outer one's setting holds.
    db.transaction(() => rows.append(s, new Uint8Array([3]), s.sv, true, () => seen.push(level()), false))();
    expect(seen[2]).toBe(2);
    expect(s.rows).toBe(3);
    db.close();
  });
});
