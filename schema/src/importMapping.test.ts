import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv.js";
import { importableDescriptors, planImport, suggestMapping } from "./importMapping.js";
import { recordTypes } from "./recordTypes.js";
import { defaultSettings } from "./settings.js";
import { addCustomField } from "./settingsFields.js";

/** A workspace with custom fields on accounts: a picklist "Tier" (等级) and a date "Renewal" (续约日期). */
function customSettings() {
  let s = defaultSettings();
  s = {
    ...s,
    ...addCustomField(
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
      "f-tier",
    ),
  };
  s = {
    ...s,
    ...addCustomField(s, { collection: "accounts", kind: "date", label: { en: "Renewal", zh: "续约日期" } }, "f-renew"),
  };
  return s;
}

describe("column mapping", () => {
  it("suggests fields from English and Chinese headers, ignoring case and punctuation", () => {
    expect(suggestMapping(["First Name", "SURNAME", "E-mail", "手机", "职位", "Notes"], "contact")).toEqual([
      "firstName",
      "lastName",
      "email",
      "mobile",
      "title",
      null,
    ]);
    expect(suggestMapping(["公司名称", "网站", "行业", "国家"], "account")).toEqual([
      "name",
      "website",
      "industry",
      "billingCountry",
    ]);
  });

  it("maps every importable field of every type by its label, in English and in Chinese", () => {
    const settings = customSettings();
    for (const type of Object.values(recordTypes)) {
      const fields = importableDescriptors(type.typeName, settings);
      for (const lang of ["en", "zh"] as const) {
        const headers = fields.map((f) => f.label[lang]);
        expect(suggestMapping(headers, type.typeName, {}, settings), `${type.typeName} ${lang}`).toEqual(
          fields.map((f) => f.key),
        );
      }
    }
    expect(importableDescriptors("account", settings).map((f) => f.key)).toEqual(
      expect.arrayContaining([
        "billingStreet",
        "billingCity",
        "billingPostalCode",
        "billingCountry",
        "owner",
        "cfTier",
      ]),
    );
  });

  it("maps a contact file from another CRM: names, phones, mobile, account, owner and address", () => {
    const en = ["Given name", "Surname", "E-mail address", "Business phone", "Mobile phone", "Job Title"];
    const more = ["Company ID", "Assigned to", "Street address", "Town", "ZIP", "Country/Region"];
    expect(suggestMapping([...en, ...more], "contact")).toEqual([
      "firstName",
      "lastName",
      "email",
      "phone",
      "mobile",
      "title",
      "accountId",
      "owner",
      "mailingStreet",
      "mailingCity",
      "mailingPostalCode",
      "mailingCountry",
    ]);
    const zh = [
      "名字",
      "姓氏",
      "电子邮箱",
      "办公电话",
      "手机号码",
      "职务",
      "客户",
      "销售代表",
      "通讯地址",
      "城市",
      "邮政编码",
      "国家",
    ];
    expect(suggestMapping(zh, "contact")).toEqual([
      "firstName",
      "lastName",
      "email",
      "phone",
      "mobile",
      "title",
      "accountId",
      "owner",
      "mailingStreet",
      "mailingCity",
      "mailingPostalCode",
      "mailingCountry",
    ]);
  });

  it("maps and reads custom fields by their labels in either language", () => {
    const settings = customSettings();
    const headers = ["Company", "等级", "Renewal"];
    const mapping = suggestMapping(headers, "account", {}, settings);
    expect(mapping).toEqual(["name", "cfTier", "cfRenewal"]);
    const plan = planImport({
      typeName: "account",
      headers,
      mapping,
      settings,
      rows: [
        { line: 2, fields: ["Acme", "金牌", "31/12/2026"] },
        { line: 3, fields: ["Globex", "Silver", "2027年1月15日"] },
        { line: 4, fields: ["Initech", "Platinum", ""] },
      ],
    });
    expect(plan.valid.map((v) => [v.value.name, v.value.cfTier, v.value.cfRenewal])).toEqual([
      ["Acme", "gold", "2026-12-31"],
      ["Globex", "silver", "2027-01-15"],
    ]);
    expect(plan.issues.map((i) => [i.row, i.field, i.column])).toEqual([[4, "cfTier", "等级"]]);
  });

  it("prefers a field's own name over an alias and fills a field once", () => {
    expect(suggestMapping(["Subject", "Title", "title"], "case")).toEqual(["subject", null, null]);
    expect(suggestMapping(["Title", "Subject"], "case")).toEqual([null, "subject"]);
    expect(suggestMapping(["sku", "Unit price", "价格"], "product")).toEqual(["sku", "unitPrice", null]);
  });
});

describe("import report", () => {
  const csv = [
    "Name,SKU,Price,Active",
    "Pump,P-1,99.50,yes",
    ",P-2,10,yes",
    "Valve,p-1,abc,maybe",
    "Sensor,P-3",
    "Gateway,P-9,5,no",
  ].join("\r\n");

  it("validates each row with the type's validator and reports row, field, column and reason", () => {
    const [header, ...rows] = parseCsv(csv);
    const mapping = suggestMapping(header!.fields, "product");
    const plan = planImport({
      typeName: "product",
      headers: header!.fields,
      rows,
      mapping,
      existing: [{ id: "x", sku: "P-9" }],
    });
    expect(plan.valid).toEqual([
      { row: 2, value: { name: "Pump", sku: "P-1", unitPrice: 99.5, cost: 0, active: true, description: "" } },
    ]);
    expect(plan.issues.map((i) => [i.row, i.field, i.column])).toEqual([
      [3, "name", "Name"],
      [4, "unitPrice", "Price"],
      [4, "active", "Active"],
      [5, "", ""],
      [6, "sku", "SKU"],
    ]);
    expect(plan.issues[0]!.reason).toBe("This field is required.");
    expect(plan.issues[3]!.reason).toBe("This row has 2 values but the header has 4 columns.");
    expect(plan.issues[4]!.reason).toBe("This value is already used by another record.");
  });

  it("reports a SKU repeated within the file with the row that has it first", () => {
    const rows = parseCsv("name,sku\nA,S1\nB,s1\n");
    const plan = planImport({
      typeName: "product",
      headers: ["name", "sku"],
      rows: rows.slice(1),
      mapping: ["name", "sku"],
    });
    expect(plan.issues).toEqual([
      {
        row: 3,
        field: "sku",
        column: "sku",
        reason: "This value is already used by another record. (row 2 of this file)",
      },
    ]);
  });

  it("refuses a mapping to a field the type does not have", () => {
    expect(() => planImport({ typeName: "product", headers: ["x"], rows: [], mapping: ["colour"] })).toThrow(
      /column 1 is mapped to "colour"/,
    );
    expect(() => suggestMapping(["a"], "spaceship")).toThrow(/unknown record type "spaceship"/);
  });
});
