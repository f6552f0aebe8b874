import { describe, expect, it } from "vitest";
import { findLikelyAccounts, planConversion } from "./leadConversion.js";
import { leadScoreChanges, scoreLead } from "./leadScore.js";
import type { Account } from "./records/account.js";
import { AccountType } from "./records/account.js";
import { ContactType } from "./records/contact.js";
import { type Lead, LeadType } from "./records/lead.js";
import { OpportunityType } from "./records/opportunity.js";
import { defaultSettings, type LeadScoringRule } from "./settings.js";

function lead(fields: Partial<Lead>): Lead {
  const v = LeadType.validate({ lastName: "Lovelace", ...fields });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return { id: "l1", createdAt: 1, createdBy: "u", updatedAt: 1, updatedBy: "u", ...v.value };
}

function account(id: string, name: string, website = "", email = ""): Account {
  return {
    ...AccountType.defaults(),
    id,
    name,
    website,
    email,
    createdAt: 1,
    createdBy: "u",
    updatedAt: 1,
    updatedBy: "u",
  };
}

describe("lead score", () => {
  const rules: LeadScoringRule[] = [
    { field: "title", operator: "in", value: "CEO, CTO", points: 20 },
    { field: "email", operator: "endsWith", value: "@gmail.com", points: -5 },
    { field: "company", operator: "isEmpty", value: "", points: -10 },
    { field: "source", operator: "equals", value: "referral", points: 15 },
    { field: "score", operator: "greaterThan", value: "100", points: 1 },
  ];

  it("adds the points of every matching rule and says which matched", () => {
    const r = scoreLead(lead({ title: " cto ", email: "Ada@Gmail.com", source: "referral", company: "Acme" }), rules);
    expect(r.score).toBe(30);
    expect(r.hits.map((h) => h.rule.field)).toEqual(["title", "email", "source"]);
    expect(scoreLead(lead({}), rules).score).toBe(-10);
  });

  it("compares numbers as numbers and never matches an empty value", () => {
    const gt = { field: "phone", operator: "greaterThan", value: "5", points: 1 } as const;
    expect(scoreLead({ phone: "10" }, [gt]).score).toBe(1);
    expect(scoreLead({ phone: "" }, [gt]).score).toBe(0);
    expect(scoreLead({ phone: "9" }, [{ ...gt, operator: "lessThan", value: "10" }]).score).toBe(1);
  });

  it("writes the new score only when it changed, with the workspace's rules", () => {
    const settings = defaultSettings();
    const l = lead({ email: "ada@acme.io", source: "partner" });
    expect(leadScoreChanges(l, settings)).toEqual({ score: 25 });
    expect(leadScoreChanges({ ...l, score: 25 }, settings)).toEqual({});
  });
});

describe("lead conversion", () => {
  const accounts = [
    account("a1", "ACME GmbH", "https://www.acme.io"),
    account("a2", "Acme Inc."),
    account("a3", "Globex", "", "info@globex.example"),
    account("a4", "Initech", "https://initech.example"),
  ];

  it("finds the account by normalised name and by the email's domain, best first", () => {
    const matches = findLikelyAccounts({ company: "Acme, Ltd", email: "ada@sales.acme.io" }, accounts);
    expect(matches.map((m) => [m.account.id, m.strength, m.reasons.join("+")])).toEqual([
      ["a1", 3, "name+domain"],
      ["a2", 1, "name"],
    ]);
    expect(findLikelyAccounts({ company: "", email: "bob@globex.example" }, accounts).map((m) => m.account.id)).toEqual(
      ["a3"],
    );
  });

  it("ignores free-mail domains and deleted accounts", () => {
    const gmail = [...accounts, account("a5", "Someone", "", "x@gmail.com")];
    expect(findLikelyAccounts({ company: "", email: "ada@gmail.com" }, gmail)).toEqual([]);
    expect(findLikelyAccounts({ company: "Initech", email: "" }, [{ ...accounts[3]!, deletedAt: 5 }])).toEqual([]);
  });

  it("plans valid account, contact and opportunity inputs, and the lead's changes", () => {
    const l = lead({ firstName: "Ada", company: "Analytical Engines", email: "ada@engines.example", title: "CEO" });
    const plan = planConversion(l, { opportunity: { amount: 5000 } });
    expect(AccountType.validate(plan.account)).toMatchObject({
      ok: true,
      value: { name: "Analytical Engines", website: "https://engines.example" },
    });
    expect(ContactType.validate({ ...plan.contact, accountId: "a9" })).toMatchObject({
      ok: true,
      value: { firstName: "Ada", lastName: "Lovelace", title: "CEO" },
    });
    expect(OpportunityType.validate({ ...plan.opportunity, accountId: "a9" })).toMatchObject({
      ok: true,
      value: { name: "Analytical Engines – new deal", amount: 5000, stage: "qualification", probability: 25 },
    });
    expect(plan.leadChanges({ accountId: "a9", contactId: "c9", opportunityId: "o9" }, 77)).toEqual({
      status: "qualified",
      convertedAt: 77,
      convertedAccountId: "a9",
      convertedContactId: "c9",
      convertedOpportunityId: "o9",
    });
  });

  it("attaches to an existing account instead of creating one, and refuses to convert twice", () => {
    const plan = planConversion(lead({ company: "Acme" }), { accountId: "a1", opportunity: false });
    expect(plan.account).toBeNull();
    expect(plan.existingAccountId).toBe("a1");
    expect(plan.opportunity).toBeNull();
    expect(() => planConversion(lead({ convertedAt: 5 }))).toThrow(/already converted/);
    expect(() => planConversion(lead({ status: "disqualified" }))).toThrow(/disqualified/);
  });
});
