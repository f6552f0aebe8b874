import { describe, expect, it } from "vitest";
import { fieldsOf, sqlColumnsOf } from "../fieldsOf.js";
import { AccountType } from "../records/account.js";
import { CaseType } from "../records/case.js";
import { LeadType } from "../records/lead.js";
import { OpportunityType } from "../records/opportunity.js";
import { type CollectionName, recordTypes } from "../recordTypes.js";
import { defaultSettings } from "../settings.js";
import { fieldJsonSchema, fieldsJsonSchema } from "./jsonSchema.js";
import { defaultStageLabels, offeredValues, valueLabel } from "./picklists.js";

const collections = Object.keys(recordTypes) as CollectionName[];

function issues(r: { ok: boolean; issues?: { field: string; code: string }[] }) {
  return r.ok ? {} : Object.fromEntries(r.issues!.map((i) => [i.field, i.code]));
}

describe("built-in descriptors", () => {
  it("describe every field of every type once, in both languages, with what a new record holds", () => {
    for (const c of collections) {
      const fields = fieldsOf(c);
      expect(
        fields.map((f) => f.key),
        c,
      ).toEqual(Object.keys(recordTypes[c].defaults()));
      for (const f of fields) {
        expect(f.label.en && f.label.zh, `${c}.${f.key}`).toBeTruthy();
        for (const v of f.values ?? []) expect(v.label.en && v.label.zh, `${c}.${f.key}=${v.value}`).toBeTruthy();
        if (f.kind === "picklist") expect(f.values?.length, `${c}.${f.key}`).toBeGreaterThan(0);
        if (f.kind === "reference") expect(f.ref, `${c}.${f.key}`).toBeDefined();
      }
    }
  });

  it("derive the phone, unique and responsible fields from the descriptors", () => {
    expect(AccountType.phoneFields).toEqual(["phone"]);
    expect(recordTypes.products.unique).toEqual(["sku"]);
    expect(recordTypes.quotes.unique).toEqual(["number"]);
    expect(recordTypes.contacts.phoneFields).toEqual(["phone", "mobile"]);
    expect(collections.filter((c) => fieldsOf(c).some((f) => f.responsible))).toEqual([
      "accounts",
      "contacts",
      "leads",
      "opportunities",
      "cases",
      "activities",
    ]);
  });

  it("keep structured values and computed totals out of lists, filters and imports", () => {
    const lines = fieldsOf("quotes").find((f) => f.key === "lines")!;
    expect([lines.list, lines.filter, lines.sort, lines.group, lines.import, lines.export, lines.sql]).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      null,
    ]);
    const total = fieldsOf("orders").find((f) => f.key === "total")!;
    expect([total.computed, total.readOnly, total.form, total.import, total.export]).toEqual([
      true,
      true,
      false,
      false,
      true,
    ]);
  });

  it("name analytics columns as the tables do: snake_case, typed by kind", () => {
    const cols = Object.fromEntries(sqlColumnsOf("opportunities").map((c) => [c.key, `${c.column} ${c.type}`]));
    expect(cols).toMatchObject({
      id: "id VARCHAR",
      accountId: "account_id VARCHAR",
      amount: "amount DOUBLE",
      closeDate: "close_date DATE",
      wonAt: "won_at TIMESTAMP",
      createdAt: "created_at TIMESTAMP",
    });
    expect(sqlColumnsOf("surveyResponses").find((c) => c.key === "score")?.type).toBe("INTEGER");
    expect(sqlColumnsOf("products").find((c) => c.key === "active")?.type).toBe("BOOLEAN");
    expect(sqlColumnsOf("orders").some((c) => c.key === "lines" || c.key === "statusHistory")).toBe(false);
  });

  it("name the default pipeline's stages as the settings ship them", () => {
    expect(defaultSettings().pipelineStages.map((s) => [s.id, s.label])).toEqual(
      Object.entries(defaultStageLabels).map(([id, l]) => [id, l.en]),
    );
  });

  it("describe fields as JSON Schema for the API", () => {
    const status = fieldsOf("accounts").find((f) => f.key === "status")!;
    expect(fieldJsonSchema(status)).toEqual({
      title: "Status",
      type: "string",
      enum: ["", "prospect", "customer", "churned"],
    });
    const schema = fieldsJsonSchema(fieldsOf("opportunities"));
    expect(schema.required).toEqual(["name", "accountId"]);
    expect((schema.properties as Record<string, object>).wonAt).toMatchObject({
      type: ["integer", "null"],
      readOnly: true,
    });
  });
});

describe("validators derived from the descriptors", () => {
  it("refuse text longer than its field holds (optional text too)", () => {
    expect(
      issues(AccountType.validate({ name: "A", billingCity: "x".repeat(101), industry: "y".repeat(101) })),
    ).toEqual({ billingCity: "tooLong", industry: "tooLong" });
    expect(AccountType.validate({ name: "A", billingPostalCode: 10115 })).toMatchObject({
      ok: true,
      value: { billingPostalCode: "10115" },
    });
  });

  it("read a choice by its value or by its label in either language", () => {
    expect(LeadType.validate({ lastName: "L", source: "推荐", status: "Working" })).toMatchObject({
      ok: true,
      value: { source: "referral", status: "working" },
    });
    expect(CaseType.validate({ subject: "S", category: "Feature request" })).toMatchObject({
      value: { category: "featureRequest" },
    });
    expect(issues(CaseType.validate({ subject: "S", category: "gossip" }))).toEqual({ category: "invalidChoice" });
  });

  it("keep any industry, storing a listed one as listed", () => {
    const industry = (v: string) => {
      const r = AccountType.validate({ name: "A", industry: v });
      return r.ok ? r.value.industry : r.issues;
    };
    expect([industry("software"), industry("软件"), industry(" Space mining ")]).toEqual([
      "Software",
      "Software",
      "Space mining",
    ]);
  });

  it("read a stage by its name, the workspace's stages included", () => {
    expect(OpportunityType.validate({ name: "D", accountId: "a", stage: "Proposal" })).toMatchObject({
      value: { stage: "proposal", probability: 50 },
    });
    const settings = {
      ...defaultSettings(),
      pipelineStages: [
        ...defaultSettings().pipelineStages,
        { id: "demo-x1", label: "Demo booked", probability: 40, kind: "open" as const },
      ],
    };
    expect(OpportunityType.validate({ name: "D", accountId: "a", stage: "demo booked" }, { settings })).toMatchObject({
      value: { stage: "demo-x1" },
    });
    // A stage the settings no longer list stays where it is.
    expect(OpportunityType.validate({ name: "D", accountId: "a", stage: "old-stage" })).toMatchObject({
      value: { stage: "old-stage" },
    });
  });
});

describe("picklist values on screens", () => {
  it("offer live values and the record's own, and name a value in either language", () => {
    const source = {
      values: [
        { value: "web", label: { en: "Web", zh: "网站" }, retired: true },
        { value: "event", label: { en: "Event", zh: "活动" } },
      ],
    };
    expect(offeredValues(source).map((v) => v.value)).toEqual(["event"]);
    expect(offeredValues(source, "web").map((v) => v.value)).toEqual(["web", "event"]);
    expect(offeredValues(source, "Space mining").at(-1)).toEqual({
      value: "Space mining",
      label: { en: "Space mining", zh: "Space mining" },
    });
    expect([valueLabel(source, "web", "zh"), valueLabel(source, "gone", "en")]).toEqual(["网站", "gone"]);
  });
});

describe("case version 2", () => {
  it("gives a case stored at version 1 an empty category", () => {
    expect(CaseType.version).toBe(2);
    const m = CaseType.migrate({ id: "k", _v: 1, subject: "Leak", status: "open" });
    expect(m).toMatchObject({ category: "", subject: "Leak", _v: 2 });
    expect(CaseType.migrations[0]!.up({ id: "k", category: "billing" })).toMatchObject({ category: "billing" });
  });
});
