import { defaultSettings, fieldsOf, validateRecord, type WorkspaceSettings, writeSettings } from "@crm/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addToDraft,
  builtInFields,
  emptyNewField,
  fieldsDraftOf,
  fieldsPatch,
  type NewFieldDraft,
  newFieldProblem,
  normalizeDraft,
  removeNew,
} from "./customFields.js";

const tier = (): NewFieldDraft => ({
  ...emptyNewField(),
  label: { en: " Tier ", zh: "等级" },
  kind: "picklist",
  values: [
    { key: "a", label: { en: "Gold", zh: "金牌" } },
    { key: "b", label: { en: "Silver", zh: "银牌" } },
    { key: "c", label: { en: "Bronze", zh: "铜牌" } },
  ],
});

/** Saves a draft the way the Fields section does, and reads the settings back. */
function save(doc: Y.Doc, draft: ReturnType<typeof fieldsDraftOf>): WorkspaceSettings {
  const result = writeSettings(doc, fieldsPatch(draft));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe("newFieldProblem", () => {
  it("asks for a name in one language at least", () => {
    expect(newFieldProblem(emptyNewField())).toBe("name");
    expect(newFieldProblem({ ...emptyNewField(), label: { en: "  ", zh: "" } })).toBe("name");
    expect(newFieldProblem({ ...emptyNewField(), label: { en: "", zh: "等级" } })).toBeNull();
  });
  it("asks a picklist for values, each with a name", () => {
    expect(newFieldProblem({ ...tier(), values: [] })).toBe("values");
    expect(newFieldProblem({ ...tier(), kind: "multiPicklist", values: [] })).toBe("values");
    const unnamed = tier();
    unnamed.values[1] = { key: "b", label: { en: " ", zh: "" } };
    expect(newFieldProblem(unnamed)).toBe("valueName");
    expect(newFieldProblem(tier())).toBeNull();
    // Values typed for a picklist do not matter once the kind is text.
    expect(newFieldProblem({ ...unnamed, kind: "text" })).toBeNull();
  });
});

describe("addToDraft", () => {
  it("adds a picklist field with its own list, trimmed labels and values from the English words", () => {
    const settings = defaultSettings();
    const draft = addToDraft(fieldsDraftOf(settings, "accounts"), "accounts", settings, tier(), "field-tier-1");
    expect(draft.fields).toHaveLength(1);
    expect(draft.fields[0]).toMatchObject({
      id: "field-tier-1",
      key: "cfTier",
      collection: "accounts",
      kind: "picklist",
      label: { en: "Tier", zh: "等级" },
      picklist: "accounts.cfTier",
      order: 0,
    });
    expect(draft.fields[0]).not.toHaveProperty("help");
    expect(draft.fields[0]).not.toHaveProperty("required");
    expect(draft.lists["accounts.cfTier"]?.map((v) => v.value)).toEqual(["gold", "silver", "bronze"]);
  });

  it("gives a second field of the same name another key, also before either is saved", () => {
    const settings = defaultSettings();
    const one = addToDraft(fieldsDraftOf(settings, "accounts"), "accounts", settings, tier(), "field-tier-1");
    const two = addToDraft(one, "accounts", settings, tier(), "field-tier-2");
    expect(two.fields.map((d) => d.key)).toEqual(["cfTier", "cfTier2"]);
    expect(Object.keys(two.lists)).toEqual(["accounts.cfTier", "accounts.cfTier2"]);
  });

  it("keeps a reference's record type and help text, and not a picklist's values on other kinds", () => {
    const settings = defaultSettings();
    const f: NewFieldDraft = {
      ...tier(),
      label: { en: "Partner", zh: "" },
      help: { en: "Who resells", zh: "" },
      kind: "reference",
      ref: "contacts",
      required: true,
    };
    const draft = addToDraft(fieldsDraftOf(settings, "accounts"), "accounts", settings, f, "field-partner");
    expect(draft.fields[0]).toMatchObject({ kind: "reference", ref: "contacts", required: true });
    expect(draft.fields[0]?.help).toEqual({ en: "Who resells", zh: "" });
    expect(draft.fields[0]).not.toHaveProperty("picklist");
    expect(draft.lists).toEqual({});
  });

  it("removes a field added in the draft with its list", () => {
    const settings = defaultSettings();
    const draft = addToDraft(fieldsDraftOf(settings, "accounts"), "accounts", settings, tier(), "field-tier-1");
    expect(removeNew(draft, "field-tier-1")).toEqual({ fields: [], lists: {} });
  });
});

describe("a Fields draft saved through the schema", () => {
  it("adds a field that validates records like a built-in one, in the draft's order", () => {
    const doc = new Y.Doc();
    let settings = defaultSettings();
    let draft = addToDraft(fieldsDraftOf(settings, "accounts"), "accounts", settings, tier(), "field-tier-1");
    draft = addToDraft(
      draft,
      "accounts",
      settings,
      { ...emptyNewField(), label: { en: "Region", zh: "" } },
      "f-region",
    );
    settings = save(doc, draft);
    expect(fieldsDraftOf(settings, "accounts").fields.map((d) => d.key)).toEqual(["cfTier", "cfRegion"]);
    expect(fieldsOf("accounts", settings, { live: true }).map((f) => f.key)).toContain("cfTier");
    expect(validateRecord("accounts", { name: "A", cfTier: "金牌" }, settings)).toMatchObject({
      ok: true,
      value: { cfTier: "gold" },
    });
    const refused = validateRecord("accounts", { name: "A", cfTier: "Platinum" }, settings);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0]?.field).toBe("cfTier");
  });

  it("renames, reorders and retires: the draft's positions become orders; retired fields are hidden, not removed", () => {
    const doc = new Y.Doc();
    let settings = defaultSettings();
    let draft = addToDraft(fieldsDraftOf(settings, "accounts"), "accounts", settings, tier(), "field-tier-1");
    draft = addToDraft(
      draft,
      "accounts",
      settings,
      { ...emptyNewField(), label: { en: "Region", zh: "" } },
      "f-region",
    );
    settings = save(doc, draft);

    draft = fieldsDraftOf(settings, "accounts");
    const [t, r] = draft.fields;
    draft = {
      ...draft,
      fields: [
        { ...r!, label: { en: "Sales region", zh: "销售区域" } },
        { ...t!, retired: true },
      ],
    };
    settings = save(doc, draft);
    const again = fieldsDraftOf(settings, "accounts");
    expect(again.fields.map((d) => [d.key, d.order, d.retired ?? false])).toEqual([
      ["cfRegion", 0, false],
      ["cfTier", 1, true],
    ]);
    expect(again.fields[0]?.label).toEqual({ en: "Sales region", zh: "销售区域" });
    const live = fieldsOf("accounts", settings, { live: true }).map((f) => f.key);
    expect(live).toContain("cfRegion");
    expect(live).not.toContain("cfTier");
    // Still known (history and exports read it), said to be retired.
    expect(fieldsOf("accounts", settings).find((f) => f.key === "cfTier")?.retired).toBe(true);
  });

  it("refuses a name emptied in both languages, at that field's label", () => {
    const doc = new Y.Doc();
    let settings = defaultSettings();
    settings = save(doc, addToDraft(fieldsDraftOf(settings, "accounts"), "accounts", settings, tier(), "field-tier-1"));
    const draft = fieldsDraftOf(settings, "accounts");
    const result = writeSettings(
      doc,
      fieldsPatch({ ...draft, fields: draft.fields.map((d) => ({ ...d, label: { en: " ", zh: "" } })) }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.field)).toContain("customFields.field-tier-1.label.en");
  });

  it("one record type's draft leaves another type's fields alone", () => {
    const doc = new Y.Doc();
    let settings = defaultSettings();
    settings = save(doc, addToDraft(fieldsDraftOf(settings, "contacts"), "contacts", settings, tier(), "c-tier"));
    settings = save(doc, addToDraft(fieldsDraftOf(settings, "accounts"), "accounts", settings, tier(), "a-tier"));
    expect(fieldsDraftOf(settings, "contacts").fields.map((d) => d.id)).toEqual(["c-tier"]);
    expect(fieldsDraftOf(settings, "accounts").fields.map((d) => d.id)).toEqual(["a-tier"]);
  });
});

describe("normalizeDraft", () => {
  it("numbers fields by position and drops unset optional keys, so a clean draft compares equal", () => {
    const settings = defaultSettings();
    const draft = addToDraft(fieldsDraftOf(settings, "accounts"), "accounts", settings, tier(), "x-tier1");
    const moved = { ...draft, fields: draft.fields.map((d) => ({ ...d, order: 7, help: undefined })) };
    expect(normalizeDraft(moved).fields[0]).toEqual({ ...draft.fields[0], order: 0 });
  });
});

describe("builtInFields", () => {
  it("lists the type's own fields only", () => {
    const keys = builtInFields("accounts").map((f) => f.key);
    expect(keys).toContain("name");
    expect(keys).toContain("industry");
    expect(keys.some((k) => k.startsWith("cf"))).toBe(false);
  });
});
