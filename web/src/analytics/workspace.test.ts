import { allTables, type TableLoad } from "@crm/analytics";
import { addCustomField, defaultSettings, type WorkspaceSettings } from "@crm/schema";
// Dexie's liveQuery only runs where a global indexedDB exists.
import "fake-indexeddb/auto";
import Dexie from "dexie";
import { afterEach, describe, expect, it } from "vitest";
import { type AccountRow, CrmDatabase } from "../local/db.js";
import { collectionKeys, collectionLoads, collectionTables, type LoadState, watchWorkspace } from "./workspace.js";

// watchWorkspace over a real Dexie (fake-indexeddb) and a loader that records which tables it
// was asked to replace: every collection with a Dexie table is loaded at once, an edit reloads
// only its collection, a burst of edits costs one reload, a cancelled first load stops, and a
// change to the workspace's custom fields reloads the tables whose columns it changes.

function account(id: string, industry = "Software"): AccountRow {
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

function recordingLoader(gate?: Promise<void>) {
  const loads: string[] = [];
  // Asked for, synchronously: a reload the watch does not ask for shows without waiting.
  const asked: string[] = [];
  // Each table's columns as last asked for, and each column's values.
  const tables = new Map<string, Record<string, unknown[]>>();
  return {
    loads,
    asked,
    tables,
    async loadTables(tableLoads: readonly TableLoad[]) {
      asked.push(tableLoads.map((l) => l.spec.name).join(" "));
      for (const { spec, rows } of tableLoads) {
        tables.set(spec.name, Object.fromEntries(spec.columns.map((c) => [c.name, rows.map((r) => c.get(r))])));
      }
      await gate;
      loads.push(tableLoads.map((l) => `${l.spec.name}:${l.rows.length}`).join(" "));
    },
  };
}

/** A workspace whose admin added the picklist "Tier" to accounts. */
function withTier(base: WorkspaceSettings = defaultSettings()): WorkspaceSettings {
  const tier = {
    collection: "accounts" as const,
    kind: "picklist" as const,
    label: { en: "Tier", zh: "等级" },
    values: [
      { value: "gold", label: { en: "Gold", zh: "金牌" } },
      { value: "silver", label: { en: "Silver", zh: "银牌" } },
    ],
  };
  return { ...base, ...addCustomField(base, tier, "f-tier") };
}

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

const open: Dexie[] = [];
let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  for (const d of open.splice(0)) d.close();
});

function crmDb() {
  const db = new CrmDatabase(`analytics-test-${Math.random()}`);
  open.push(db);
  return db;
}

describe("collection tables", () => {
  it("cover every analytics table exactly once", () => {
    expect(Object.values(collectionTables).flat().sort()).toEqual(allTables.map((t) => t.name).sort());
  });

  it("an order fills orders and order_lines; a deleted one neither", () => {
    const line = { id: "L1", productId: "P", description: "", quantity: 2, unitPrice: 5, discountPct: 0, taxPct: 0 };
    const order = { id: "O1", accountId: "A", status: "new", orderedAt: 1, lines: [line], total: 10 };
    const loads = collectionLoads("orders", [order, { ...order, id: "O2", deletedAt: 5 }]);
    expect(loads.map((l) => `${l.spec.name}:${l.rows.length}`)).toEqual(["orders:1", "order_lines:1"]);
  });
});

describe("watchWorkspace", () => {
  it("loads each collection with a Dexie table at once, then one reload per burst of its edits", async () => {
    const db = crmDb();
    await db.accounts.bulkPut([account("a"), account("b")]);
    const loader = recordingLoader();
    const states: LoadState[] = [];
    stop = watchWorkspace(loader, db, (s) => states.push(s), { debounceMs: 50 }).stop;

    await until(() => states.some((s) => s.state === "loaded"));
    // The CRM's Dexie schema has a table for every collection of the contract: all load at once.
    const empty = [
      "activities:0",
      "answer_articles:0",
      "case_messages:0",
      "cases:0",
      "consents:0",
      "contacts:0",
      "leads:0",
      "opportunities:0",
      "orders:0 order_lines:0",
      "products:0",
      "quotes:0 quote_lines:0",
      "survey_responses:0",
    ];
    expect(loader.loads.sort()).toEqual(["accounts:2", ...empty]);
    const zero = Object.fromEntries(
      collectionKeys.filter((c) => c !== "accounts" && c !== "segments").map((c) => [c, 0]),
    );
    expect(states[0]).toEqual({ state: "loading", done: 0, total: 13, collection: null });
    expect(states.at(-1)).toEqual({ state: "loaded", version: 13, counts: { accounts: 2, ...zero } });

    // One transaction keeps the burst together however slow the machine is.
    await db.transaction("rw", db.accounts, async () => {
      for (const id of ["c", "d", "e"]) await db.accounts.put(account(id));
      await db.accounts.update("a", { industry: "Retail" });
    });
    await until(() => loader.loads.length === 14);
    await new Promise((r) => setTimeout(r, 150));
    // No other collection was touched, so none was reloaded.
    expect(loader.loads.at(-1)).toBe("accounts:5");
    expect(loader.loads).toHaveLength(14);
    expect(states.at(-1)).toEqual({ state: "loaded", version: 14, counts: { accounts: 5, ...zero } });
  });

  it("reads every collection named in the contract when Dexie has a table for it", async () => {
    const db = new Dexie(`analytics-test-${Math.random()}`);
    open.push(db);
    db.version(1).stores({ accounts: "id", orders: "id", surveyResponses: "id", unrelated: "id" });
    await db.table("orders").put({ id: "O1", accountId: "A", status: "new", orderedAt: 1, lines: [], total: 3 });
    await db.table("surveyResponses").put({ id: "R1", kind: "csat", score: 5, channel: "web", respondedAt: 1 });
    const loader = recordingLoader();
    const states: LoadState[] = [];
    stop = watchWorkspace(loader, db, (s) => states.push(s), { debounceMs: 10 }).stop;
    await until(() => states.some((s) => s.state === "loaded"));
    expect(loader.loads.sort()).toEqual(["accounts:0", "orders:1 order_lines:0", "survey_responses:1"]);
    expect(collectionKeys).toContain("surveyResponses");
  });

  it("cancel stops the first load and says what is loaded", async () => {
    const db = crmDb();
    await db.accounts.bulkPut([account("a")]);
    let release = () => {};
    const loader = recordingLoader(new Promise<void>((r) => (release = r)));
    const states: LoadState[] = [];
    const watch = watchWorkspace(loader, db, (s) => states.push(s), { debounceMs: 10 });
    stop = watch.stop;
    await until(() => states.some((s) => s.state === "loading" && s.collection !== null));
    watch.cancel();
    expect(states.at(-1)).toEqual({ state: "cancelled", version: 0, counts: {} });
    await db.accounts.put(account("b"));
    release();
    await new Promise((r) => setTimeout(r, 100));
    // The loads already handed to the engine land; nothing new is read after the cancel.
    expect(loader.loads.every((l) => l !== "accounts:2")).toBe(true);
    expect(states.some((s) => s.state === "loaded")).toBe(false);
  });

  it("has the workspace's custom fields as columns from the first load", async () => {
    const db = crmDb();
    await db.accounts.bulkPut([{ ...account("a"), cfTier: "gold" } as AccountRow, account("b")]);
    const loader = recordingLoader();
    const states: LoadState[] = [];
    stop = watchWorkspace(loader, db, (s) => states.push(s), { settings: withTier(), debounceMs: 10 }).stop;
    await until(() => states.some((s) => s.state === "loaded"));
    expect(loader.tables.get("accounts")?.tier).toEqual(["gold", null]);
    expect(loader.asked.filter((t) => t === "accounts")).toHaveLength(1);
  });

  it("reloads only the tables whose columns an admin's change to the fields changes", async () => {
    const db = crmDb();
    await db.accounts.bulkPut([{ ...account("a"), cfTier: "gold" } as AccountRow, account("b")]);
    await db.contacts.put({ id: "c", firstName: "Ann", lastName: "Lee", accountId: "a" } as never);
    const loader = recordingLoader();
    const states: LoadState[] = [];
    const before = defaultSettings();
    const watch = watchWorkspace(loader, db, (s) => states.push(s), { settings: before, debounceMs: 10 });
    stop = watch.stop;
    await until(() => states.some((s) => s.state === "loaded"));
    expect(Object.keys(loader.tables.get("accounts") ?? {})).not.toContain("tier");
    const first = loader.asked.length;

    // The admin adds "Tier": accounts reload with the column, values as stored; nothing else does.
    const added = withTier(before);
    watch.setSettings(added);
    expect(loader.asked.slice(first)).toEqual(["accounts"]);
    expect(loader.tables.get("accounts")?.tier).toEqual(["gold", null]);
    await until(() => loader.loads.length === first + 1);
    expect(states.at(-1)).toMatchObject({ state: "loaded", counts: { accounts: 2, contacts: 1 } });

    // Renaming it, or another value in its list, changes no column: no reload.
    const def = added.customFields["f-tier"]!;
    const renamed: WorkspaceSettings = {
      ...added,
      customFields: { ...added.customFields, "f-tier": { ...def, label: { en: "Level", zh: "级别" } } },
      picklists: {
        ...added.picklists,
        [def.picklist!]: [...added.picklists[def.picklist!]!, { value: "bronze", label: { en: "Bronze", zh: "铜牌" } }],
      },
    };
    watch.setSettings(renamed);
    expect(loader.asked).toHaveLength(first + 1);

    // Retired, it leaves the table (the stored values stay in the records).
    watch.setSettings({
      ...renamed,
      customFields: { ...renamed.customFields, "f-tier": { ...def, retired: true } },
    });
    expect(loader.asked.slice(first + 1)).toEqual(["accounts"]);
    expect(Object.keys(loader.tables.get("accounts") ?? {})).not.toContain("tier");
    expect((await db.accounts.get("a"))?.cfTier).toBe("gold");
    await until(() => loader.loads.length === first + 2);

    // A stopped watch (the person left the page) loads nothing more.
    watch.stop();
    watch.setSettings(added);
    expect(loader.asked).toHaveLength(first + 2);
  });
});
