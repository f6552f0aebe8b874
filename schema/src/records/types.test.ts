import { describe, expect, it } from "vitest";
import { recordTypes } from "../recordTypes.js";
import { AccountType, accountStatusTimes } from "./account.js";
import { ActivityType, activityDoneTime } from "./activity.js";
import { CaseType, caseStatusTimes } from "./case.js";
import { LeadType } from "./lead.js";
import { OpportunityType } from "./opportunity.js";
import { OrderType } from "./order.js";
import { ProductType } from "./product.js";
import { QuoteType } from "./quote.js";
import { SurveyResponseType } from "./surveyResponse.js";

function issues(r: { ok: boolean; issues?: { field: string; code: string }[] }) {
  return r.ok ? {} : Object.fromEntries(r.issues!.map((i) => [i.field, i.code]));
}

describe("issue 4 record types", () => {
  it("registers every type once, with a collection, shards and defaults its own validator accepts", () => {
    expect(Object.keys(recordTypes)).toEqual([
      "accounts",
      "contacts",
      "leads",
      "opportunities",
      "products",
      "quotes",
      "orders",
      "cases",
      "activities",
      "surveyResponses",
      "caseMessages",
      "answerArticles",
      "consents",
      "segments",
    ]);
    const minimal: Record<string, object> = {
      accounts: { name: "A" },
      contacts: { lastName: "L" },
      leads: { lastName: "L" },
      opportunities: { name: "O", accountId: "a" },
      products: { name: "P", sku: "S" },
      quotes: { accountId: "a" },
      orders: { accountId: "a" },
      cases: { subject: "S" },
      activities: { subject: "S" },
      surveyResponses: { score: 3 },
      caseMessages: { caseId: "c" },
      answerArticles: { question: "Q", answer: "A" },
      consents: { contactId: "c", toStatus: "subscribed", method: "form" },
      segments: { name: "S" },
    };
    for (const [collection, type] of Object.entries(recordTypes)) {
      expect(type.collection).toBe(collection);
      expect(type.shards).toBeGreaterThan(0);
      // A form starts from the defaults; every field it shows must be one the validator returns.
      const r = type.validate(minimal[collection]);
      expect(r.ok, collection).toBe(true);
      if (r.ok) expect(Object.keys(r.value as object).sort(), collection).toEqual(Object.keys(type.defaults()).sort());
    }
  });

  it("requires a lead's last name and knows its sources", () => {
    expect(issues(LeadType.validate({ firstName: "Ada", source: "tv" }))).toEqual({
      lastName: "required",
      source: "invalidChoice",
    });
    expect(LeadType.validate({ lastName: "Lovelace", source: "Referral" })).toMatchObject({
      ok: true,
      value: { source: "referral", status: "new", score: 0, convertedAt: null, convertedAccountId: "" },
    });
  });

  it("gives an opportunity its stage's probability unless one is given", () => {
    const r = OpportunityType.validate({ name: "Deal", accountId: "a1", stage: "Proposal", amount: "12,000" });
    expect(r).toMatchObject({ ok: true, value: { stage: "proposal", probability: 50, amount: 12000 } });
    expect(OpportunityType.validate({ name: "D", accountId: "a1", stage: "proposal", probability: "0" })).toMatchObject(
      {
        value: { probability: 0 },
      },
    );
    expect(
      issues(OpportunityType.validate({ name: "D", amount: "-5", probability: 120, closeDate: "2026-02-30" })),
    ).toEqual({
      accountId: "required",
      amount: "outOfRange",
      probability: "outOfRange",
      closeDate: "invalidDate",
    });
  });

  it("upper-cases a product's SKU and declares it unique", () => {
    expect(ProductType.validate({ name: "Pump", sku: " sku-1 ", active: "no" })).toMatchObject({
      ok: true,
      value: { sku: "SKU-1", active: false, unitPrice: 0 },
    });
    expect(ProductType.unique).toEqual(["sku"]);
  });

  it("names the line and field of a bad quote line, and numbers lines without ids", () => {
    const bad = QuoteType.validate({ accountId: "a1", lines: [{ quantity: 1 }, { quantity: "x", discountPct: 150 }] });
    expect(issues(bad)).toEqual({ "lines.1.quantity": "invalidNumber", "lines.1.discountPct": "outOfRange" });
    const ok = QuoteType.validate({ accountId: "a1", lines: [{ id: "L2", unitPrice: 5 }, { unitPrice: 1 }, {}] });
    expect(ok.ok && ok.value.lines.map((l) => l.id)).toEqual(["L2", "L1", "L3"]);
  });

  it("computes an order's total from its lines, whatever total the input claims", () => {
    const r = OrderType.validate({
      accountId: "a1",
      orderedAt: "2026-11-01T10:00:00Z",
      total: 1,
      lines: [{ quantity: 2, unitPrice: 10, taxPct: 19 }],
    });
    expect(r).toMatchObject({ ok: true, value: { total: 23.8, orderedAt: Date.UTC(2026, 10, 1, 10), status: "new" } });
  });

  it("checks a survey score against its kind's scale", () => {
    expect(issues(SurveyResponseType.validate({ kind: "csat", score: 0 }))).toEqual({ score: "outOfRange" });
    expect(issues(SurveyResponseType.validate({ kind: "nps", score: 0 }))).toEqual({});
    expect(issues(SurveyResponseType.validate({ kind: "nps", score: 9.5 }))).toEqual({ score: "notInteger" });
    expect(issues(SurveyResponseType.validate({ kind: "csat" }))).toEqual({ score: "required" });
  });

  it("wants a related type with a related id on an activity", () => {
    expect(issues(ActivityType.validate({ subject: "Call", relatedId: "x1" }))).toEqual({ relatedType: "required" });
    expect(ActivityType.validate({ subject: "Call", relatedType: "Opportunity", relatedId: "o1" })).toMatchObject({
      ok: true,
      value: { relatedType: "opportunity", kind: "task", done: false },
    });
  });

  it("validates cases and their times", () => {
    expect(issues(CaseType.validate({ subject: "", priority: "critical", closedAt: "soon" }))).toEqual({
      subject: "required",
      priority: "invalidChoice",
      closedAt: "invalidDateTime",
    });
  });
});

describe("fields that follow a change", () => {
  it("stamps churnedAt when an account churns, and clears it when it is won back", () => {
    expect(accountStatusTimes({ status: "churned" }, { status: "customer", churnedAt: null }, 50)).toEqual({
      churnedAt: 50,
    });
    expect(accountStatusTimes({ status: "customer" }, { status: "churned", churnedAt: 50 }, 60)).toEqual({
      churnedAt: null,
    });
    expect(accountStatusTimes({ name: "x" }, { status: "churned", churnedAt: 50 }, 60)).toEqual({});
    expect(AccountType.deriveChanges?.({ status: "churned" }, null, 7)).toEqual({ churnedAt: 7 });
  });

  it("stamps a case's resolved and closed times, and clears them when it reopens", () => {
    expect(caseStatusTimes({ status: "closed" }, { status: "open", resolvedAt: null }, 9)).toEqual({
      resolvedAt: 9,
      closedAt: 9,
    });
    expect(caseStatusTimes({ status: "closed" }, { status: "resolved", resolvedAt: 5 }, 9)).toEqual({ closedAt: 9 });
    expect(caseStatusTimes({ status: "open" }, { status: "closed", resolvedAt: 5, closedAt: 9 }, 11)).toEqual({
      resolvedAt: null,
      closedAt: null,
    });
  });

  it("stamps doneAt when an activity is ticked done", () => {
    expect(activityDoneTime({ done: true }, { done: false }, 3)).toEqual({ doneAt: 3 });
    expect(activityDoneTime({ done: false }, { done: true, doneAt: 3 }, 4)).toEqual({ doneAt: null });
  });
});

describe("account version 3", () => {
  it("gives a churned account stored at version 2 its churnedAt from updatedAt", () => {
    const m = AccountType.migrate({ id: "a", _v: 2, name: "A", status: "churned", updatedAt: 42, deletedAt: 0 });
    expect(m).toMatchObject({ churnedAt: 42, deletedAt: null, _v: 3 });
    expect(AccountType.migrate({ id: "b", _v: 2, name: "B", status: "customer", updatedAt: 42 }).churnedAt).toBeNull();
  });
});
