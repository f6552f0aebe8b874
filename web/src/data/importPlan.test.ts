import { addCustomField, defaultSettings, parseCsv, suggestMapping } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { AccountResolver, checkRows, DedupeIndex, importKeys } from "./importPlan.js";

function csv(text: string) {
  const [head, ...rows] = parseCsv(text);
  return { headers: head!.fields, rows };
}

describe("import checking", () => {
  it("keys accounts by name and website, people by email and phone", () => {
    expect(importKeys("accounts", { name: "ACME, Inc.", website: "https://www.acme.io/x" })).toEqual([
      "name+website:acme|acme.io",
    ]);
    expect(importKeys("contacts", { email: " Ada@Acme.io ", phone: "+49 30 1234567" })).toEqual([
      "email:ada@acme.io",
      "phone:+49301234567",
    ]);
    expect(importKeys("orders", { number: "1" })).toEqual([]);
  });

  it("reports bad rows by line, skips rows the CRM or the file already has", () => {
    const { headers, rows } = csv(
      "Name,Website,Email\r\nAcme GmbH,acme.io,info@acme.io\r\n,x.io,\r\nGlobex,globex.com,not-an-email\r\nAcme,www.acme.io,\r\nInitech,initech.com,\r\nInitech Inc,initech.com,\r\n",
    );
    const dedupe = new DedupeIndex("accounts", [
      { id: "a1", name: "ACME", website: "https://acme.io" },
      { id: "gone", name: "Initech", website: "initech.com", deletedAt: 5 },
    ]);
    const out = checkRows({
      collection: "accounts",
      headers,
      rows,
      mapping: suggestMapping(headers, "account"),
      dedupe,
    });
    expect(out.issues.map((i) => [i.row, i.field, i.column])).toEqual([
      [3, "name", "Name"],
      [4, "email", "Email"],
    ]);
    expect(out.duplicates.map((d) => [d.row, d.existingId, d.sameAsRow])).toEqual([
      [2, "a1", null],
      [5, "a1", null],
      [7, null, 6],
    ]);
    // A deleted record is no reason to skip a row.
    expect(out.valid.map((v) => v.row)).toEqual([6]);
  });

  it("turns account names into ids and reports names no account has", () => {
    const { headers, rows } = csv(
      "First name,Last name,Email,Account\nAda,L,ada@x.io,Acme Ltd\nBo,B,bo@x.io,Nobody\nCy,C,cy@x.io,a2\nDi,D,di@x.io,\n",
    );
    const accounts = new AccountResolver([
      { id: "a1", name: "Acme" },
      { id: "a2", name: "Globex" },
    ]);
    const out = checkRows({
      collection: "contacts",
      headers,
      rows,
      mapping: suggestMapping(headers, "contact"),
      dedupe: new DedupeIndex("contacts", []),
      accounts,
    });
    expect(out.valid.map((v) => v.value.accountId)).toEqual(["a1", "a2", ""]);
    expect(out.issues).toEqual([
      { row: 3, field: "accountId", column: "Account", reason: 'No account is named "Nobody" (or has that id).' },
    ]);
  });

  it("imports the workspace's custom fields, checked by their kind", () => {
    const base = defaultSettings();
    const settings = {
      ...base,
      ...addCustomField(
        base,
        { collection: "accounts", kind: "money", label: { en: "Budget", zh: "预算" } },
        "f-budget",
      ),
    };
    const { headers, rows } = csv('Name,预算\r\nAcme,"1,500"\r\nGlobex,lots\r\n');
    const mapping = suggestMapping(headers, "account", {}, settings);
    expect(mapping).toEqual(["name", "cfBudget"]);
    const out = checkRows({
      collection: "accounts",
      headers,
      rows,
      mapping,
      dedupe: new DedupeIndex("accounts", []),
      settings,
    });
    expect(out.valid.map((v) => v.value.cfBudget)).toEqual([1500]);
    expect(out.issues.map((i) => [i.row, i.field, i.column])).toEqual([[3, "cfBudget", "预算"]]);
  });
});
