import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { customFieldKey } from "./descriptors/custom.js";
import { picklistChangeIssues } from "./descriptors/picklists.js";
import { type CustomFieldKind, fieldKinds } from "./descriptors/types.js";
import { fieldOf, fieldsOf, validateRecord } from "./fieldsOf.js";
import { planImport, suggestMapping } from "./importMapping.js";
import { LeadType } from "./records/lead.js";
import { readSettings, type WorkspaceSettings, writeSettings } from "./settings.js";
import { addCustomField, CUSTOM_FIELDS_MAP, type NewCustomField } from "./settingsFields.js";

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
}

/** Adds a field through the settings, as the Settings screen will; returns the settings read back. */
function add(doc: Y.Doc, field: NewCustomField, id: string): WorkspaceSettings {
  const r = writeSettings(doc, addCustomField(readSettings(doc).settings, field, id));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return readSettings(doc).settings;
}

function issues(r: { ok: boolean; issues?: { field: string; code: string }[] }) {
  return r.ok ? {} : Object.fromEntries(r.issues!.map((i) => [i.field, i.code]));
}

const tier = { en: "Contract tier", zh: "合同等级" };

describe("custom field keys", () => {
  it("come from the English label, never meet a built-in key, and are numbered when taken", () => {
    expect(customFieldKey(tier, [])).toBe("cfContractTier");
    expect(customFieldKey({ en: "", zh: "合同等级" }, [])).toBe("cfField");
    expect(customFieldKey({ en: "Name", zh: "" }, ["name"])).toBe("cfName");
    expect(customFieldKey(tier, ["cfContractTier", "cfcontracttier2"])).toBe("cfContractTier3");
    expect(customFieldKey({ en: "Über-Größe 2", zh: "" }, [])).toBe("cfUberGrosse2");
  });
});

describe("custom fields in the settings document", () => {
  it("are validated like built-in fields, by their kind, wherever records are validated", () => {
    const doc = new Y.Doc();
    add(doc, { collection: "accounts", kind: "number", label: { en: "Employees", zh: "员工数" } }, "f-employees");
    add(doc, { collection: "accounts", kind: "phone", label: { en: "Fax", zh: "传真" } }, "f-fax01");
    const settings = add(
      doc,
      {
        collection: "accounts",
        kind: "picklist",
        label: tier,
        required: true,
        values: [
          { value: "gold", label: { en: "Gold", zh: "金牌" } },
          { value: "silver", label: { en: "Silver", zh: "银牌" } },
        ],
      },
      "f-tier",
    );
    expect(
      fieldsOf("accounts", settings)
        .map((f) => f.key)
        .slice(-3),
    ).toEqual(["cfEmployees", "cfFax", "cfContractTier"]);
    expect(fieldOf("accounts", "cfContractTier", settings)).toMatchObject({
      kind: "picklist",
      customId: "f-tier",
      picklist: "accounts.cfContractTier",
      section: { id: "custom" },
      sql: { column: "contract_tier", type: "VARCHAR" },
      list: true,
      filter: true,
      group: true,
      import: true,
    });
    expect(
      issues(validateRecord("accounts", { name: "A", cfEmployees: "many", cfContractTier: "" }, settings)),
    ).toEqual({ cfEmployees: "invalidNumber", cfContractTier: "required" });
    const ok = validateRecord(
      "accounts",
      { name: "A", cfEmployees: "1,200", cfContractTier: "金牌", junk: 1 },
      settings,
    );
    expect(ok).toMatchObject({ ok: true, value: { cfEmployees: 1200, cfContractTier: "gold" } });
    // Keys that are no field are dropped; a custom field not given stays absent (nothing to write).
    expect(ok.ok && ["junk", "cfFax"].filter((k) => k in ok.value)).toEqual([]);
    // A change to a record stored before the required field existed still saves; emptying it does not.
    expect(validateRecord("accounts", { name: "B" }, settings, { update: true })).toMatchObject({ ok: true });
    expect(issues(validateRecord("accounts", { name: "B", cfContractTier: "" }, settings, { update: true }))).toEqual({
      cfContractTier: "required",
    });
    // Without the settings: built-in fields only, as before.
    expect(validateRecord("accounts", { name: "A", cfEmployees: "many" })).toMatchObject({ ok: true });
    // A phone number kept as typed is named, as on built-in phone fields.
    expect(validateRecord("accounts", { name: "A", cfContractTier: "gold", cfFax: "12-34" }, settings)).toMatchObject({
      ok: true,
      warnings: [{ field: "cfFax", code: "invalidPhone" }],
    });
  });

  it("keep both fields when two admins add different ones at the same time", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    add(a, { collection: "cases", kind: "text", label: { en: "Serial number", zh: "序列号" } }, "id-aaaa");
    add(b, { collection: "cases", kind: "date", label: { en: "Warranty until", zh: "保修期至" } }, "id-bbbb");
    sync(a, b);
    for (const doc of [a, b])
      expect(
        fieldsOf("cases", readSettings(doc).settings)
          .filter((f) => f.customId)
          .map((f) => f.key),
      ).toEqual(["cfSerialNumber", "cfWarrantyUntil"]);
  });

  it("count one definition per key when two admins, offline, made the same one", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    add(a, { collection: "leads", kind: "text", label: { en: "Region", zh: "地区" } }, "id-zzzz");
    add(b, { collection: "leads", kind: "number", label: { en: "Region", zh: "区域" } }, "id-mmmm");
    sync(a, b);
    const { settings, replaced } = readSettings(a);
    expect(Object.keys(settings.customFields)).toEqual(["id-mmmm"]);
    expect(replaced).toEqual([expect.objectContaining({ field: "customFields.id-zzzz.key", code: "duplicate" })]);
    // The settings stay writable.
    expect(writeSettings(a, { currency: "USD" })).toMatchObject({ ok: true });
  });

  it("are retired, never removed, and keep their key, type and kind", () => {
    const doc = new Y.Doc();
    const settings = add(
      doc,
      { collection: "contacts", kind: "text", label: { en: "Nickname", zh: "昵称" } },
      "f-nick",
    );
    const def = settings.customFields["f-nick"]!;
    // A patch names the fields it changes: leaving one out keeps it.
    expect(writeSettings(doc, { customFields: {} })).toMatchObject({ ok: true, written: [] });
    expect(readSettings(doc).settings.customFields["f-nick"]).toEqual(def);
    expect(issues(writeSettings(doc, { customFields: { "f-nick": { ...def, kind: "number" } } }))).toEqual({
      "customFields.f-nick.kind": "immutable",
    });
    const renamed = { ...def, label: { en: "Known as", zh: "别名" }, retired: true };
    expect(writeSettings(doc, { customFields: { "f-nick": renamed } })).toMatchObject({
      ok: true,
      written: ["customFields.f-nick"],
    });
    const after = readSettings(doc).settings;
    expect(fieldOf("contacts", "cfNickname", after)).toMatchObject({ retired: true, label: { en: "Known as" } });
    expect(fieldsOf("contacts", after, { live: true }).some((f) => f.key === "cfNickname")).toBe(false);
    // A retired field is not validated, and not written: stored values stay as they are.
    const r = validateRecord("contacts", { lastName: "L", cfNickname: 5 }, after);
    expect(r.ok && "cfNickname" in r.value).toBe(false);
  });

  it("refuse a key that is not a custom key, a missing list and a section the type has not", () => {
    const doc = new Y.Doc();
    const base = { id: "f-bad1", collection: "accounts", kind: "text", label: tier, order: 0 } as const;
    expect(issues(writeSettings(doc, { customFields: { "f-bad1": { ...base, key: "name" } } }))).toEqual({
      "customFields.f-bad1.key": "invalidChoice",
    });
    expect(
      issues(
        writeSettings(doc, {
          customFields: { "f-bad1": { ...base, key: "cfTier", kind: "picklist", picklist: "accounts.cfTier" } },
        }),
      ),
    ).toEqual({ "customFields.f-bad1.picklist": "required" });
    expect(
      issues(writeSettings(doc, { customFields: { "f-bad1": { ...base, key: "cfTier", section: "shipping" } } })),
    ).toEqual({ "customFields.f-bad1.section": "invalidChoice" });
    expect(doc.getMap(CUSTOM_FIELDS_MAP).size).toBe(0);
  });
});

describe("every kind an admin can choose", () => {
  const samples: Record<CustomFieldKind, [ok: unknown, stored: unknown, bad: unknown, code: string]> = {
    text: ["x", "x", "y".repeat(201), "tooLong"],
    longText: ["x", "x", "y".repeat(2001), "tooLong"],
    email: ["A@B.io", "a@b.io", "nope", "invalidEmail"],
    phone: ["+49 30 1234567", "+49301234567", "call me", "invalidPhone"],
    url: ["example.com", "https://example.com", "no spaces", "invalidUrl"],
    number: ["12.5", 12.5, "abc", "invalidNumber"],
    money: ["1,000", 1000, "-1", "outOfRange"],
    percent: ["50", 50, "150", "outOfRange"],
    date: ["2026-01-02", "2026-01-02", "2026-02-30", "invalidDate"],
    dateTime: ["2026-01-02T10:00:00Z", Date.UTC(2026, 0, 2, 10), "soon", "invalidDateTime"],
    picklist: ["Gold", "gold", "bronze", "invalidChoice"],
    multiPicklist: ["gold; 银牌", ["gold", "silver"], "gold; bronze", "invalidChoice"],
    boolean: ["是", true, "maybe", "invalidBoolean"],
    reference: ["a1", "a1", "x".repeat(41), "tooLong"],
    person: ["u1", "u1", "x".repeat(101), "tooLong"],
  };
  const values = [
    { value: "gold", label: { en: "Gold", zh: "金牌" } },
    { value: "silver", label: { en: "Silver", zh: "银牌" } },
  ];
  const doc = new Y.Doc();
  let settings = readSettings(doc).settings;
  for (const kind of fieldKinds) {
    const listed = kind === "picklist" || kind === "multiPicklist";
    settings = add(
      doc,
      {
        collection: "accounts",
        kind,
        label: { en: `A ${kind}`, zh: "" },
        required: true,
        ...(listed ? { values } : {}),
        ...(kind === "reference" ? { ref: "accounts" as const } : {}),
      },
      `f-${kind}-0001`,
    );
  }
  const keyOf = (kind: string) => fieldsOf("accounts", settings).find((f) => f.customId === `f-${kind}-0001`)!.key;
  const okInput = Object.fromEntries(fieldKinds.map((k) => [keyOf(k), samples[k][0]]));

  it("stores a valid value in its stored form", () => {
    const r = validateRecord("accounts", { name: "A", ...okInput }, settings);
    expect(r.ok ? fieldKinds.map((k) => r.value[keyOf(k)]) : r.issues).toEqual(fieldKinds.map((k) => samples[k][1]));
  });

  it("refuses a wrong value with the kind's code, and an empty one as required (a yes/no is never empty)", () => {
    for (const kind of fieldKinds) {
      const bad = validateRecord("accounts", { name: "A", ...okInput, [keyOf(kind)]: samples[kind][2] }, settings);
      expect(issues(bad), kind).toEqual({ [keyOf(kind)]: samples[kind][3] });
      const empty = validateRecord("accounts", { name: "A", ...okInput, [keyOf(kind)]: "" }, settings);
      expect(issues(empty), kind).toEqual(kind === "boolean" ? {} : { [keyOf(kind)]: "required" });
      const { [keyOf(kind)]: _, ...absent } = okInput;
      expect(issues(validateRecord("accounts", { name: "A", ...absent }, settings)), kind).toEqual(issues(empty));
    }
  });
});

describe("picklists in the settings document", () => {
  const tradeShow = { value: "tradeShow", label: { en: "Trade show", zh: "展会" } };

  it("take the workspace's values in validation, and keep values two admins add concurrently", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const sources = readSettings(a).settings.picklists.leadSource!;
    expect(writeSettings(a, { picklists: { leadSource: [...sources, tradeShow] } })).toMatchObject({
      ok: true,
      written: ["picklists.leadSource.tradeShow"],
    });
    const webinar = { value: "webinar", label: { en: "Webinar", zh: "网络研讨会" } };
    expect(writeSettings(b, { picklists: { leadSource: [...sources, webinar] } })).toMatchObject({ ok: true });
    sync(a, b);
    const settings = readSettings(b).settings;
    expect(settings.picklists.leadSource!.map((v) => v.value).slice(-2)).toEqual(["tradeShow", "webinar"]);
    expect(LeadType.validate({ lastName: "L", source: "展会" }, { settings })).toMatchObject({
      value: { source: "tradeShow" },
    });
    expect(issues(LeadType.validate({ lastName: "L", source: "tradeShow" }))).toEqual({ source: "invalidChoice" });
    expect(fieldOf("leads", "source", settings)?.values?.at(-1)).toEqual(webinar);
  });

  it("retire a value records use instead of deleting it; delete one nobody used", () => {
    const doc = new Y.Doc();
    const sources = readSettings(doc).settings.picklists.leadSource!;
    writeSettings(doc, { picklists: { leadSource: [...sources, tradeShow] } });
    const withoutWebAndTradeShow = sources.filter((v) => v.value !== "web");
    expect(picklistChangeIssues([...sources, tradeShow], withoutWebAndTradeShow, new Set(["web"]))).toEqual([
      { field: "web", code: "inUse", message: expect.stringContaining("retired") },
    ]);
    // Nobody uses either value: the admin-added one goes, the built-in one is only ever retired.
    const r = writeSettings(doc, { picklists: { leadSource: withoutWebAndTradeShow } }, { inUse: () => false });
    expect(r.ok).toBe(true);
    const after = readSettings(doc).settings;
    expect(after.picklists.leadSource!.find((v) => v.value === "tradeShow")).toBeUndefined();
    expect(after.picklists.leadSource!.find((v) => v.value === "web")).toMatchObject({ retired: true });
    // A retired value still validates (records keep it) and keeps its labels.
    expect(LeadType.validate({ lastName: "L", source: "web" }, { settings: after })).toMatchObject({ ok: true });
    // By default every value counts as used: removing means retiring.
    writeSettings(doc, { picklists: { leadSource: [...after.picklists.leadSource!, tradeShow] } });
    writeSettings(doc, { picklists: { leadSource: sources } });
    expect(readSettings(doc).settings.picklists.leadSource!.find((v) => v.value === "tradeShow")).toMatchObject({
      retired: true,
    });
  });

  it("refuse two values that read the same, and a list named like the pipeline", () => {
    const doc = new Y.Doc();
    const industries = readSettings(doc).settings.picklists.industry!;
    expect(
      issues(writeSettings(doc, { picklists: { industry: [...industries, { value: "software", label: tier }] } })),
    ).toEqual({ "picklists.industry.10.value": "duplicate" });
    expect(issues(writeSettings(doc, { picklists: { pipelineStages: [] } }))).toMatchObject({
      "picklists.pipelineStages": "invalidChoice",
    });
  });
});

describe("importing custom fields", () => {
  it("maps a column by the field's label and validates it by its kind", () => {
    const doc = new Y.Doc();
    const settings = add(
      doc,
      { collection: "products", kind: "boolean", label: { en: "Hazardous", zh: "危险品" } },
      "f-hazard",
    );
    const headers = ["Name", "SKU", "危险品"];
    const mapping = suggestMapping(headers, "product", {}, settings);
    expect(mapping).toEqual(["name", "sku", "cfHazardous"]);
    expect(suggestMapping(headers, "product")).toEqual(["name", "sku", null]);
    const plan = planImport({
      typeName: "product",
      headers,
      mapping,
      settings,
      rows: [
        { line: 2, fields: ["Pump", "P-1", "是"] },
        { line: 3, fields: ["Valve", "P-2", "perhaps"] },
      ],
    });
    expect(plan.valid[0]?.value).toMatchObject({ sku: "P-1", cfHazardous: true });
    expect(plan.issues.map((i) => [i.row, i.field, i.column])).toEqual([[3, "cfHazardous", "危险品"]]);
  });
});
