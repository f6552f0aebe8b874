import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv.js";
import { planImport, suggestMapping } from "./importMapping.js";

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
