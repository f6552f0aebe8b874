import { addCustomField, defaultSettings, writeSettings } from "@crm/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addValue, countRecord, deleteValue, editableLists, fieldsUsing, listValues } from "./picklistDraft.js";

const withTier = () => {
  const settings = defaultSettings();
  const patch = addCustomField(
    settings,
    {
      collection: "accounts",
      kind: "picklist",
      label: { en: "Tier", zh: "等级" },
      values: [
        { value: "gold", label: { en: "Gold", zh: "金牌" } },
        { value: "silver", label: { en: "Silver", zh: "银牌" } },
      ],
    },
    "field-tier-1",
  );
  const doc = new Y.Doc();
  const result = writeSettings(doc, patch);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return { doc, settings: result.value };
};

describe("editableLists", () => {
  it("offers the built-in lists, then each custom picklist field's own list", () => {
    expect(editableLists(defaultSettings())).toEqual(["industry", "leadSource", "caseCategory", "emailTopics"]);
    expect(editableLists(withTier().settings)).toEqual([
      "industry",
      "leadSource",
      "caseCategory",
      "emailTopics",
      "accounts.cfTier",
    ]);
  });
});

describe("fieldsUsing", () => {
  it("finds every field, built-in or custom, whose values come from the list", () => {
    const { settings } = withTier();
    expect(fieldsUsing("leadSource", settings)).toEqual(
      expect.arrayContaining([{ collection: "leads", key: "source", multi: false }]),
    );
    expect(fieldsUsing("accounts.cfTier", settings)).toEqual([{ collection: "accounts", key: "cfTier", multi: false }]);
  });
});

describe("deleteValue", () => {
  const { settings } = withTier();
  const tier = listValues("accounts.cfTier", settings);

  it("removes a custom value nobody uses", () => {
    const { values, outcome } = deleteValue(tier, 1, "accounts.cfTier", () => 0);
    expect(outcome).toEqual({ kind: "deleted" });
    expect(values.map((v) => v.value)).toEqual(["gold"]);
  });
  it("retires a value records use, saying how many", () => {
    const { values, outcome } = deleteValue(tier, 0, "accounts.cfTier", (v) => (v === "gold" ? 3 : 0));
    expect(outcome).toEqual({ kind: "retired", reason: "inUse", count: 3 });
    expect(values).toEqual([{ ...tier[0], retired: true }, tier[1]]);
  });
  it("only ever retires a built-in value", () => {
    const sources = listValues("leadSource", settings);
    const at = sources.findIndex((v) => v.value === "event");
    const { values, outcome } = deleteValue(sources, at, "leadSource", () => 0);
    expect(outcome).toEqual({ kind: "retired", reason: "builtIn" });
    expect(values[at]).toMatchObject({ value: "event", retired: true });
    expect(values).toHaveLength(sources.length);
  });
});

describe("addValue", () => {
  it("adds at the end with a stored value from the English words, numbered when taken", () => {
    const { settings } = withTier();
    const once = addValue(listValues("accounts.cfTier", settings), { en: " Bronze ", zh: "铜牌" });
    expect(once.at(-1)).toEqual({ value: "bronze", label: { en: "Bronze", zh: "铜牌" } });
    expect(addValue(once, { en: "bronze", zh: "" }).at(-1)?.value).toBe("bronze2");
    expect(addValue(once, { en: "", zh: "白金" }).at(-1)?.value).toBe("value");
  });
});

describe("countRecord", () => {
  it("counts a record once per value, over several fields and multi-picklists", () => {
    const counts = new Map<string, number>();
    countRecord(counts, { a: "gold", b: ["gold", "silver"] }, ["a", "b"]);
    countRecord(counts, { a: "", b: [] }, ["a", "b"]);
    countRecord(counts, { a: "silver" }, ["a", "b"]);
    expect(Object.fromEntries(counts)).toEqual({ gold: 1, silver: 2 });
  });
});

describe("a Picklists draft saved through the schema", () => {
  it("renames and reorders values in both languages; a value in use left out is kept, retired", () => {
    const { doc, settings } = withTier();
    const list = "accounts.cfTier";
    const values = listValues(list, settings);
    const edited = [
      { ...values[1]!, label: { en: "Silver+", zh: "银牌+" } },
      ...addValue([values[0]!], { en: "Bronze", zh: "铜牌" }).slice(1),
    ];
    // "gold" is left out of the draft, but records hold it.
    const result = writeSettings(
      doc,
      { picklists: { [list]: edited } },
      { inUse: (l, v) => l === list && v === "gold" },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.picklists[list]).toEqual([
      { value: "silver", label: { en: "Silver+", zh: "银牌+" } },
      { value: "bronze", label: { en: "Bronze", zh: "铜牌" } },
      { value: "gold", label: { en: "Gold", zh: "金牌" }, retired: true },
    ]);
  });

  it("deletes a value nobody uses, and leaves the other lists alone", () => {
    const { doc, settings } = withTier();
    const list = "accounts.cfTier";
    const { values } = deleteValue(listValues(list, settings), 1, list, () => 0);
    const result = writeSettings(doc, { picklists: { [list]: values } }, { inUse: (l) => l !== list });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.picklists[list]?.map((v) => v.value)).toEqual(["gold"]);
    expect(result.value.picklists.industry).toEqual(settings.picklists.industry);
  });

  it("refuses a value with no name, at that value", () => {
    const { doc, settings } = withTier();
    const list = "leadSource";
    const values = listValues(list, settings).map((v, i) => (i === 2 ? { ...v, label: { en: "", zh: " " } } : v));
    const result = writeSettings(doc, { picklists: { [list]: values } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.field)).toContain("picklists.leadSource.2.label.en");
  });
});
