import { describe, expect, it } from "vitest";
import { applyWrites, planMerge } from "./merge.js";
import type { StoredRecord } from "./record.js";
import { type Account, AccountType } from "./records/account.js";

const meta = { createdAt: 1, createdBy: "u", updatedAt: 1, updatedBy: "u" };
const account = (id: string, f: Partial<Account>): Account => ({
  ...AccountType.defaults(),
  ...meta,
  id,
  name: id,
  ...f,
});

describe("merge planner", () => {
  const winner = account("a1", { name: "Acme", website: "https://acme.io", phone: "", industry: "Software" });
  const loser = account("a2", { name: "ACME GmbH", phone: "+4930123456", industry: "Retail", owner: "bo" });
  const children = {
    contacts: [
      { id: "c1", accountId: "a2" },
      { id: "c2", accountId: "a1" },
    ],
    orders: [{ id: "o1", accountId: "a2" }],
    activities: [
      { id: "t1", accountId: "a2", relatedType: "account", relatedId: "a2" },
      { id: "t2", accountId: "a9", relatedType: "contact", relatedId: "a2" },
    ],
    surveyResponses: [{ id: "s1", accountId: "a2" }],
  };

  it("takes chosen and empty fields from the loser, re-links children, deletes the loser last", () => {
    const plan = planMerge({ kind: "account", winner, loser, choices: { industry: "loser" }, children, at: 100 });
    expect(plan.writes[0]).toEqual({
      collection: "accounts",
      id: "a1",
      fields: { phone: "+4930123456", industry: "Retail", owner: "bo" },
    });
    expect(plan.relinked).toEqual({ contacts: 1, orders: 1, activities: 1, surveyResponses: 1 });
    expect(plan.writes.find((w) => w.id === "t1")?.fields).toEqual({ accountId: "a1", relatedId: "a1" });
    expect(plan.writes.some((w) => w.id === "t2")).toBe(false); // relatedId there is a contact id
    expect(plan.writes.at(-1)).toEqual({
      collection: "accounts",
      id: "a2",
      fields: { deletedAt: 100, mergedInto: "a1" },
    });
  });

  it("undoes exactly what it did", () => {
    const tables = () => ({
      accounts: new Map<string, StoredRecord>([
        ["a1", { ...winner }],
        ["a2", { ...loser }],
      ]),
      contacts: new Map(children.contacts.map((c) => [c.id, { ...c } as StoredRecord])),
      orders: new Map(children.orders.map((c) => [c.id, { ...c } as StoredRecord])),
      activities: new Map(children.activities.map((c) => [c.id, { ...c } as StoredRecord])),
      surveyResponses: new Map(children.surveyResponses.map((c) => [c.id, { ...c } as StoredRecord])),
    });
    const before = tables();
    const plan = planMerge({ kind: "account", winner, loser, children, at: 100 });
    const merged = applyWrites(tables(), plan.writes);
    expect([...merged.contacts!.values()].map((c) => c.accountId)).toEqual(["a1", "a1"]);
    expect(merged.accounts!.get("a2")?.deletedAt).toBe(100);
    const undone = applyWrites(merged, plan.undo);
    for (const [name, table] of Object.entries(before))
      for (const [id, rec] of table) {
        const { deletedAt, mergedInto, ...rest } = undone[name]!.get(id)!;
        expect(rest, `${name}/${id}`).toEqual(rec);
        expect(deletedAt ?? 0).toBe(0);
        expect(mergedInto ?? "").toBe("");
      }
  });

  it("refuses nonsense", () => {
    expect(() => planMerge({ kind: "account", winner, loser: winner, children: {}, at: 1 })).toThrow(/itself/);
    expect(() => planMerge({ kind: "contact", winner, loser, children: { orders: [] }, at: 1 })).toThrow(
      /orders do not refer to contacts/,
    );
    expect(() => planMerge({ kind: "account", winner, loser, choices: { id: "loser" }, children: {}, at: 1 })).toThrow(
      /"id" cannot be chosen/,
    );
  });
});
