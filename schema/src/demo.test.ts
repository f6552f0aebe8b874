import { describe, expect, it } from "vitest";
import { demoBatches, demoSizes, generateDemo } from "./demo.js";
import { fnv1a } from "./ids.js";
import { linesTotals } from "./money.js";
import { recordTypes } from "./recordTypes.js";
import { defaultSettings } from "./settings.js";
import { caseSla } from "./sla.js";

const NOW = Date.UTC(2026, 10, 1);
const demo = generateDemo("demo", 7, NOW);

describe("demo data", () => {
  it("makes every type, in the sizes asked for, valid by its own validator", () => {
    for (const [collection, records] of Object.entries(demo) as [string, { id: string }[]][]) {
      expect(records.length, collection).toBe(demoSizes.demo[collection as keyof typeof demoSizes.demo]);
      const type = recordTypes[collection as keyof typeof recordTypes];
      for (const r of records) {
        const v = type.validate(r);
        expect(v.ok ? [] : v.issues, `${collection}/${r.id}`).toEqual([]);
      }
      expect(new Set(records.map((r) => r.id)).size, collection).toBe(records.length);
    }
  });

  it("is the same for the same seed, and different for another", () => {
    expect(generateDemo("demo", 7, NOW)).toEqual(demo);
    expect(generateDemo("demo", 8, NOW).orders[0]).not.toEqual(demo.orders[0]);
  });

  it("keeps references and times coherent", () => {
    const accounts = new Map(demo.accounts.map((a) => [a.id, a]));
    const cases = new Map(demo.cases.map((c) => [c.id, c]));
    const orders = new Map(demo.orders.map((o) => [o.id, o]));
    for (const a of demo.accounts) expect(a.churnedAt !== null, a.id).toBe(a.status === "churned");
    for (const o of demo.orders) {
      const a = accounts.get(o.accountId)!;
      expect(a.status, o.id).not.toBe("prospect");
      expect(o.orderedAt).toBeLessThanOrEqual(a.churnedAt ?? NOW);
      expect(o.total).toBe(linesTotals(o.lines).total);
      expect(o.statusHistory[0]!.status).toBe("new");
      expect(o.statusHistory.at(-1)!.status).toBe(o.status);
    }
    for (const q of demo.quotes.filter((q) => q.status === "accepted"))
      expect(orders.get(q.orderId)?.quoteId, q.id).toBe(q.id);
    for (const s of demo.surveyResponses) {
      expect(accounts.has(s.accountId)).toBe(true);
      if (s.kind === "csat") expect(cases.get(s.caseId)?.status).toBe("closed");
      expect(s.respondedAt).toBeLessThanOrEqual(NOW);
    }
    for (const l of demo.leads.filter((l) => l.convertedAt)) expect(accounts.has(l.convertedAccountId)).toBe(true);
    for (const c of demo.cases) expect(c.closedAt ?? 0).toBeLessThanOrEqual(NOW);
  });

  it("has CSAT answers that are worse after a breached SLA", () => {
    const settings = defaultSettings();
    const cases = new Map(demo.cases.map((c) => [c.id, c]));
    const other = generateDemo("demo", 3, NOW);
    const csat = [...demo.surveyResponses, ...other.surveyResponses].filter((s) => s.kind === "csat");
    for (const c of other.cases) cases.set(c.id, c);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const byState = (breached: boolean) =>
      csat
        .filter((s) => (caseSla(cases.get(s.caseId)!, settings, NOW).overall === "breached") === breached)
        .map((s) => s.score);
    expect(mean(byState(false))).toBeGreaterThan(mean(byState(true)) + 0.5);
  });

  it("yields batches with progress, and stops when the consumer stops", () => {
    let last = 0;
    let batches = 0;
    for (const b of demoBatches("demo", 7, NOW, 100)) {
      expect(b.records.length).toBeLessThanOrEqual(100);
      expect(b.done).toBeGreaterThan(last);
      last = b.done;
      if (++batches === 3) break;
    }
    // A batch holds one collection: 100 + 20 accounts, then the first 100 contacts.
    expect(last).toBe(220);
    const all = [...demoBatches("demo", 7, NOW, 100)];
    expect(all.at(-1)!.done).toBe(all.at(-1)!.total);
  });

  it("keeps the big accounts and contacts of the first generator (the startup benchmark searches them)", () => {
    // Fingerprint of the version-1 generator's output for ("big", seed 7), taken before it grew
    // the other types: every field but the times this version corrects (churned accounts'
    // updatedAt, contacts created after `now`) and the contact fields of version 3.
    const fields = (r: object, skip: string[]) =>
      Object.entries(r)
        .filter(([k]) => !skip.includes(k) && k !== "churnedAt")
        .map(([k, v]) => `${k}=${v}`)
        .join("|");
    let h = 0;
    let n = 0;
    for (const b of demoBatches("big", 7, NOW)) {
      if (b.collection !== "accounts" && b.collection !== "contacts") break;
      const skip =
        b.collection === "accounts"
          ? ["updatedAt"]
          : [
              "createdAt",
              "updatedAt",
              "mobile",
              "owner",
              "mailingStreet",
              "mailingCity",
              "mailingPostalCode",
              "mailingCountry",
              "emailStatus",
              "emailConsentBasis",
              "emailTopics",
            ];
      for (const r of b.records) h = fnv1a(`${h}:${fields(r, skip)}`);
      n += b.records.length;
    }
    expect(n).toBe(70_000);
    expect(h).toBe(600609263);
  });
});
