import { type CollectionName, recordTypes } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { hasString, testT } from "../i18n/forTests.js";
import { hasKey } from "../i18n/keys.js";
import { HISTORY_FIELDS, historyValue, isHiddenInHistory, type ValueContext } from "./historyFields.js";
import { fieldLabel } from "./labels.js";

async function context(lang: "en" | "zh"): Promise<ValueContext> {
  const t = await testT(lang);
  return {
    t,
    lang,
    currency: "EUR",
    stage: (id) => (hasKey("sales.pipeline.stages", id) ? t(`sales.pipeline.stages.${id}`) : id),
    person: (id) => ({ "u-ada": "Ada Owner" })[id] ?? id,
    title: (id) => ({ acc1: "Acme GmbH" })[id],
  };
}

describe("history values read as the record's screens show them", () => {
  it("statuses, stages, people, references, money, dates — in English", async () => {
    const ctx = await context("en");
    const v = (c: CollectionName, field: string, value: unknown) => historyValue(c, field, value, ctx);
    expect(v("quotes", "status", "accepted")).toBe("Accepted");
    expect(v("opportunities", "stage", "qualification")).toBe("Qualification");
    expect(v("opportunities", "stage", "won")).toBe("Won");
    expect(v("opportunities", "owner", "u-ada")).toBe("Ada Owner");
    expect(v("opportunities", "accountId", "acc1")).toBe("Acme GmbH");
    expect(v("opportunities", "amount", 1234.5)).toBe("€1,234.50");
    expect(v("opportunities", "probability", 25)).toBe("25%");
    expect(v("opportunities", "closeDate", "2026-03-14")).toBe("Mar 14, 2026");
    expect(v("cases", "priority", "urgent")).toBe("Urgent");
    expect(v("cases", "assignee", "u-ada")).toBe("Ada Owner");
    expect(v("leads", "source", "referral")).toBe("Referral");
    expect(v("products", "active", false)).toBe("No");
    expect(v("activities", "dueAt", Date.UTC(2031, 2, 14))).toBe("Mar 14, 2031");
    expect(v("orders", "lines", [{}, {}, {}])).toBe("3 lines");
    expect(v("orders", "lines", [{}])).toBe("1 line");
    expect(v("accounts", "industry", "Energy")).toBe("Energy");
    expect(v("accounts", "name", { "~clipped": "Very long", length: 900 })).toBe("Very long…");
    expect(v("accounts", "industry", "")).toBe("");
    // An unknown value of a known enum shows as stored rather than as an i18n key.
    expect(v("quotes", "status", "archived")).toBe("archived");
  });

  it("the same in Chinese", async () => {
    const ctx = await context("zh");
    const v = (c: CollectionName, field: string, value: unknown) => historyValue(c, field, value, ctx);
    expect(v("quotes", "status", "accepted")).toBe("已接受");
    expect(v("opportunities", "stage", "won")).toBe(ctx.t("sales.pipeline.stages.won"));
    expect(v("opportunities", "stage", "won")).not.toBe("won");
    expect(v("opportunities", "amount", 1234.5)).toMatch(/1,234\.50/);
    expect(v("opportunities", "closeDate", "2026-03-14")).toBe("2026年3月14日");
    expect(v("products", "active", true)).toBe("是");
    expect(v("orders", "lines", [{}, {}])).toBe("2 行明细");
  });

  it("names every field of every type in both languages, and no field is left to a raw name", async () => {
    for (const [collection, fields] of Object.entries(HISTORY_FIELDS)) {
      const c = collection as CollectionName;
      // Every stored field of the type is in the table (a new field must say how it reads).
      for (const field of Object.keys(recordTypes[c].defaults() as object))
        expect(fields, `${c}.${field}`).toHaveProperty(field);
      for (const [field, format] of Object.entries(fields)) {
        for (const lang of ["en", "zh"] as const)
          expect(await hasString(lang, format.label), `${lang} ${c}.${field}: ${format.label}`).toBe(true);
      }
    }
    const zh = await testT("zh");
    expect(fieldLabel(zh, "opportunities", "stage")).toBe(zh("sales.pipeline.fields.stage"));
    expect(fieldLabel(zh, "opportunities", "stage")).not.toBe("Stage");
    expect(isHiddenInHistory("orders", "statusHistory")).toBe(true);
    expect(isHiddenInHistory("orders", "status")).toBe(false);
  });
});
