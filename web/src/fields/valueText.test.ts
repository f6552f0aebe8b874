import {
  addCustomField,
  type CollectionName,
  defaultSettings,
  fieldOf,
  fieldsOf,
  recordTypes,
  type WorkspaceSettings,
} from "@crm/schema";
import { describe, expect, it } from "vitest";
import { fieldLabel } from "../data/labels.js";
import { testT } from "../i18n/forTests.js";
import { fieldName, fieldValueText, isHiddenInHistory, langOf, type ValueContext } from "./valueText.js";

async function context(lang: "en" | "zh"): Promise<ValueContext> {
  const t = await testT(lang);
  return {
    t,
    lang,
    currency: "EUR",
    person: (id) => ({ "u-ada": "Ada Owner" })[id] ?? id,
    title: (id) => ({ acc1: "Acme GmbH" })[id],
  };
}

/** A workspace whose accounts have a "Tier" picklist and a "Partner" reference of their own. */
function workspace(): WorkspaceSettings {
  const s = defaultSettings();
  const tier = addCustomField(
    s,
    {
      collection: "accounts",
      kind: "picklist",
      label: { en: "Tier", zh: "等级" },
      values: [
        { value: "gold", label: { en: "Gold", zh: "金牌" } },
        { value: "silver", label: { en: "Silver", zh: "银牌" } },
      ],
    },
    "field-tier",
  );
  const next = { ...s, ...tier };
  const partner = addCustomField(
    next,
    { collection: "accounts", kind: "reference", label: { en: "Partner", zh: "合作伙伴" }, ref: "accounts" },
    "field-partner",
  );
  const regions = addCustomField(
    { ...next, ...partner },
    {
      collection: "accounts",
      kind: "multiPicklist",
      label: { en: "Regions", zh: "区域" },
      values: [
        { value: "emea", label: { en: "EMEA", zh: "欧非中东" } },
        { value: "apac", label: { en: "APAC", zh: "亚太" } },
      ],
    },
    "field-regions",
  );
  return { ...next, ...partner, ...regions };
}

describe("values read as the record's screens show them, from the descriptors", () => {
  it("statuses, stages, people, references, money, dates — in English", async () => {
    const ctx = await context("en");
    const s = defaultSettings();
    const v = (c: CollectionName, field: string, value: unknown, asDay = false) =>
      fieldValueText(fieldOf(c, field, s), value, ctx, asDay);
    expect(v("quotes", "status", "accepted")).toBe("Accepted");
    expect(v("opportunities", "stage", "qualification")).toBe("Qualification");
    expect(v("opportunities", "stage", "won")).toBe("Won");
    expect(v("opportunities", "owner", "u-ada")).toBe("Ada Owner");
    expect(v("opportunities", "accountId", "acc1")).toBe("Acme GmbH");
    expect(v("opportunities", "amount", 1234.5)).toBe("€1,234.50");
    expect(v("opportunities", "probability", 25)).toBe("25%");
    expect(v("opportunities", "closeDate", "2026-03-14")).toBe("Mar 14, 2026");
    expect(v("cases", "priority", "urgent")).toBe("Urgent");
    expect(v("cases", "category", "featureRequest")).toBe("Feature request");
    expect(v("cases", "assignee", "u-ada")).toBe("Ada Owner");
    expect(v("leads", "source", "referral")).toBe("Referral");
    expect(v("products", "active", false)).toBe("No");
    expect(v("activities", "dueAt", Date.UTC(2031, 2, 14), true)).toBe("Mar 14, 2031");
    expect(v("orders", "lines", [{}, {}, {}])).toBe("3 lines");
    expect(v("orders", "lines", [{}])).toBe("1 line");
    expect(v("accounts", "industry", "Energy")).toBe("Energy");
    expect(v("accounts", "name", { "~clipped": "Very long", length: 900 })).toBe("Very long…");
    expect(v("accounts", "industry", "")).toBe("");
    // An unknown value of a known choice shows as stored rather than as some key.
    expect(v("quotes", "status", "archived")).toBe("archived");
    // A renamed stage reads as the admin named it.
    const renamed = {
      ...s,
      pipelineStages: s.pipelineStages.map((x) => (x.id === "won" ? { ...x, label: "Signed" } : x)),
    };
    expect(fieldValueText(fieldOf("opportunities", "stage", renamed), "won", ctx)).toBe("Signed");
  });

  it("the same in Chinese", async () => {
    const ctx = await context("zh");
    const s = defaultSettings();
    const v = (c: CollectionName, field: string, value: unknown) => fieldValueText(fieldOf(c, field, s), value, ctx);
    expect(v("quotes", "status", "accepted")).toBe("已接受");
    expect(v("opportunities", "stage", "won")).toBe(ctx.t("sales.pipeline.stages.won"));
    expect(v("opportunities", "stage", "won")).not.toBe("won");
    expect(v("opportunities", "amount", 1234.5)).toMatch(/1,234\.50/);
    expect(v("opportunities", "closeDate", "2026-03-14")).toBe("2026年3月14日");
    expect(v("accounts", "industry", "Energy")).toBe("能源");
    expect(v("products", "active", true)).toBe("是");
    expect(v("orders", "lines", [{}, {}])).toBe("2 行明细");
  });

  it("custom fields: their labels and values in both languages, references by name, retired ones still named", async () => {
    const s = workspace();
    const en = await context("en");
    const zh = await context("zh");
    const tier = fieldOf("accounts", "cfTier", s);
    expect(fieldValueText(tier, "gold", en)).toBe("Gold");
    expect(fieldValueText(tier, "gold", zh)).toBe("金牌");
    expect(fieldValueText(fieldOf("accounts", "cfPartner", s), "acc1", en)).toBe("Acme GmbH");
    expect(fieldValueText(fieldOf("accounts", "cfRegions", s), ["emea", "apac"], zh)).toBe("欧非中东, 亚太");
    expect(fieldLabel(en.t, "accounts", "cfTier", { settings: s, lang: "en" })).toBe("Tier");
    expect(fieldLabel(zh.t, "accounts", "cfTier", { settings: s, lang: "zh" })).toBe("等级");
    // Retired: gone from forms, still named and read in the history.
    const retired: WorkspaceSettings = {
      ...s,
      customFields: { ...s.customFields, "field-tier": { ...s.customFields["field-tier"]!, retired: true } },
    };
    expect(fieldsOf("accounts", retired, { live: true }).map((f) => f.key)).not.toContain("cfTier");
    expect(fieldName("accounts", "cfTier", "en", retired)).toBe("Tier");
    expect(fieldValueText(fieldOf("accounts", "cfTier", retired), "silver", en)).toBe("Silver");
    // A value no field describes (a definition this device does not have yet) shows as stored.
    expect(fieldValueText(undefined, "gold", en)).toBe("gold");
  });

  it("names every field of every type in both languages, none by its raw key", async () => {
    for (const lang of ["en", "zh"] as const) {
      const t = await testT(lang);
      expect(langOf(t)).toBe(lang);
      for (const c of Object.keys(recordTypes) as CollectionName[])
        for (const d of fieldsOf(c)) {
          const label = fieldLabel(t, c, d.key);
          expect(label, `${lang} ${c}.${d.key}`).toBe(d.label[lang]);
          expect(label, `${lang} ${c}.${d.key}`).not.toBe(d.key);
        }
    }
    const zh = await testT("zh");
    expect(fieldLabel(zh, "opportunities", "stage")).toBe(zh("sales.pipeline.fields.stage"));
    expect(fieldLabel(zh, "opportunities", "stage")).not.toBe("Stage");
    expect(isHiddenInHistory(fieldOf("orders", "statusHistory"))).toBe(true);
    expect(isHiddenInHistory(fieldOf("orders", "status"))).toBe(false);
  });
});
