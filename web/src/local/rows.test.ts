// Dexie needs a global indexedDB.
import "fake-indexeddb/auto";
import { liveQuery } from "dexie";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AccountRow, CrmDatabase } from "./db.js";
import { firstRows, forgetKeptRows } from "./rows.js";
import { searchRecords } from "./search.js";

// firstRows over a real Dexie (fake-indexeddb): the rows a list shows with no query, as it grows.

function account(id: string, name: string): AccountRow {
  return {
    id,
    name,
    industry: "",
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
    sortKey: name.toLocaleLowerCase(),
    terms: [name.toLocaleLowerCase()],
  };
}

let db: CrmDatabase;
let n = 0;
const names = (rows: AccountRow[]) => rows.map((r) => r.name);

beforeEach(async () => {
  forgetKeptRows();
  db = new CrmDatabase(`rows-test-${++n}`);
  await db.open();
  // 250 accounts whose ids run against their names' order, so id order would be wrong.
  await db.accounts.bulkPut(
    Array.from({ length: 250 }, (_, i) => account(`id${String(999 - i)}`, `Account ${String(i).padStart(3, "0")}`)),
  );
});

afterEach(() => db.close());

describe("firstRows", () => {
  it("gives the first rows in sort order, and more of them as the limit grows (past one batch)", async () => {
    expect(names(await firstRows<AccountRow>(db, "accounts", 3))).toEqual([
      "Account 000",
      "Account 001",
      "Account 002",
    ]);
    const more = await firstRows<AccountRow>(db, "accounts", 230);
    expect(more).toHaveLength(230);
    expect(more[229]!.name).toBe("Account 229");
    expect(names(more)).toEqual([...names(more)].sort());
    expect(await firstRows<AccountRow>(db, "accounts", 1000)).toHaveLength(250);
  });

  it("shows a row's new values, a new row and not a deleted one after the table changes", async () => {
    await firstRows<AccountRow>(db, "accounts", 5);
    await db.accounts.put({ ...account("id999", "Account 000"), industry: "Energy" });
    await db.accounts.put(account("new", "AAA first"));
    await db.accounts.delete("id998");
    const rows = await firstRows<AccountRow>(db, "accounts", 3);
    expect(names(rows)).toEqual(["AAA first", "Account 000", "Account 002"]);
    expect(rows[1]!.industry).toBe("Energy");
    // Deep in the list (more than one request's worth), after another change.
    await firstRows<AccountRow>(db, "accounts", 1000);
    await db.accounts.put({ ...account("id990", "Account 009"), industry: "Retail" });
    const deep = await firstRows<AccountRow>(db, "accounts", 1000);
    expect(deep).toHaveLength(250);
    expect(deep.find((r) => r.id === "id990")!.industry).toBe("Retail");
  });

  it("keeps a live query of the list and of a search answering as the table changes", async () => {
    const seen: string[][] = [];
    const found: string[][] = [];
    const list = liveQuery(() => firstRows<AccountRow>(db, "accounts", 2)).subscribe((rows) => seen.push(names(rows)));
    const search = liveQuery(() => searchRecords<AccountRow>(db, "accounts", "aardv", 5)).subscribe((r) =>
      found.push(names(r.rows)),
    );
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(ok(), JSON.stringify({ seen, found })).toBe(true);
    };
    await until(() => seen.length > 0 && found.length > 0);
    expect(seen.at(-1)).toEqual(["Account 000", "Account 001"]);
    expect(found.at(-1)).toEqual([]);
    await db.accounts.put(account("z", "Aardvark Zed"));
    await until(() => seen.at(-1)?.[0] === "Aardvark Zed" && found.at(-1)?.[0] === "Aardvark Zed");
    await db.accounts.delete("z");
    await until(() => seen.at(-1)?.[0] === "Account 000" && found.at(-1)?.length === 0);
    list.unsubscribe();
    search.unsubscribe();
  });
});

describe("before the database is open", () => {
  it("opens it (as Dexie does on a first query) instead of failing", async () => {
    forgetKeptRows();
    const fresh = new CrmDatabase(`rows-test-${++n}`);
    await fresh.open();
    await fresh.accounts.put(account("a", "Only"));
    fresh.close();
    const again = new CrmDatabase(fresh.name);
    expect(again.isOpen()).toBe(false);
    expect(names(await firstRows<AccountRow>(again, "accounts", 5))).toEqual(["Only"]);
    again.close();
  });
});
