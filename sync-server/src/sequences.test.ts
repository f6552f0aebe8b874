import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ALLOCATE_SQL, NumberSequences, SequenceExhausted } from "./sequences.js";

/* The counter itself; the route that hands out blocks is tested in api/sequences.test.ts. */

let dataDir: string;
let db: Database.Database;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "crm-numbers-"));
  db = new Database(join(dataDir, "numbers.sqlite"));
  db.pragma("journal_mode = WAL");
});
afterEach(() => {
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("NumberSequences", () => {
  it("refuses a block beyond the highest number and leaves the counter where it was", () => {
    const sequences = new NumberSequences(db);
    expect(sequences.allocate("w1", "quote", { count: 9, atLeast: 999_999_990 })).toEqual({
      first: 999_999_991,
      last: 999_999_999,
    });
    expect(() => sequences.allocate("w1", "quote", { count: 1, atLeast: 0 })).toThrow(SequenceExhausted);
    expect(sequences.lastIssued("w1", "quote")).toBe(999_999_999);
  });
});

describe("NumberSequences on one file from several connections", () => {
  it("two threads allocating at once (as two server processes would) never get overlapping blocks", async () => {
    const file = join(dataDir, "numbers.sqlite");
    new NumberSequences(db); // creates the table
    const code = `
      const { parentPort, workerData } = require("node:worker_threads");
      const Database = require(workerData.driver);
      const db = new Database(workerData.file);
      db.pragma("busy_timeout = 5000");
      const stmt = db.prepare(workerData.sql);
      const take = db.transaction(() => stmt.get({ ws: "w1", kind: "order", atLeast: 0, count: 3 }).last);
      const lasts = [];
      for (let i = 0; i < 300; i++) lasts.push(take.immediate());
      db.close();
      parentPort.postMessage(lasts);
    `;
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const run = () =>
      new Promise<number[]>((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { file, sql: ALLOCATE_SQL, driver } });
        w.once("message", resolve);
        w.once("error", reject);
      });
    const [x, y] = await Promise.all([run(), run()]);
    const lasts = [...x!, ...y!].sort((p, q) => p - q);
    // 600 blocks of 3: the last numbers are exactly 3, 6, …, 1800.
    expect(lasts).toEqual(Array.from({ length: 600 }, (_, i) => (i + 1) * 3));
    expect(new NumberSequences(db).lastIssued("w1", "order")).toBe(1800);
  });
});
