import type { AccountLike, QueryResult } from "@crm/analytics";
// Dexie's liveQuery only runs where a global indexedDB exists.
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { type AccountRow, CrmDatabase } from "../local/db.js";
import { type AccountsState, type AnalyticsEngine, watchAccounts } from "./engine.js";

// watchAccounts over a real Dexie (fake-indexeddb) and a recording engine: the table is loaded
// at once, reloaded after edits, and a burst of edits costs one reload.

function row(id: string, industry = "Software"): AccountRow {
  return {
    id,
    name: id,
    industry,
    status: "prospect",
    owner: "",
    website: "",
    email: "",
    phone: "",
    billingStreet: "",
    billingCity: "",
    billingPostalCode: "",
    billingCountry: "",
    createdAt: 1,
    createdBy: "u",
    updatedAt: 1,
    updatedBy: "u",
    sortKey: id,
    terms: [id],
  };
}

function recordingEngine() {
  const loads: number[] = [];
  const engine: AnalyticsEngine = {
    version: "test",
    query: async (): Promise<QueryResult> => ({ columns: [], rows: [], rowCount: 0 }),
    loadAccounts: async (accounts: readonly AccountLike[]) => {
      loads.push(accounts.length);
    },
  };
  return { engine, loads };
}

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

let stop: (() => void) | undefined;
let db: CrmDatabase | undefined;
afterEach(() => {
  stop?.();
  db?.close();
});

describe("watchAccounts", () => {
  it("loads at once, then once per burst of changes", async () => {
    db = new CrmDatabase(`analytics-test-${Math.random()}`);
    await db.accounts.bulkPut([row("a"), row("b")]);
    const { engine, loads } = recordingEngine();
    const states: AccountsState[] = [];
    stop = watchAccounts(engine, db, (s) => states.push(s), 50);

    await until(() => states.some((s) => s.state === "loaded"));
    expect(loads).toEqual([2]);
    expect(states.at(-1)).toEqual({ state: "loaded", count: 2, version: 1 });

    // A burst: four writes well inside the 50 ms quiet period (one transaction keeps them together
    // however slow the machine is).
    const target = db;
    await target.transaction("rw", target.accounts, async () => {
      for (const id of ["c", "d", "e"]) await target.accounts.put(row(id));
      await target.accounts.update("a", { industry: "Retail" });
    });
    await until(() => loads.length === 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(loads).toEqual([2, 5]);
    expect(states.at(-1)).toEqual({ state: "loaded", count: 5, version: 2 });
  });

  it("accepts a loader function and stops when asked", async () => {
    const { engine, loads } = recordingEngine();
    const states: AccountsState[] = [];
    stop = watchAccounts(
      engine,
      async () => [row("x")],
      (s) => states.push(s),
      10,
    );
    await until(() => states.some((s) => s.state === "loaded"));
    stop();
    expect(loads).toEqual([1]);
  });
});
