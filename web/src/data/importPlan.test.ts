import { addCustomField, defaultSettings, parseCsv, suggestMapping } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { AccountResolver, checkRows, DedupeIndex, importKeys, PeopleResolver } from "./importPlan.js";

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

  it("refuses a subscribed contact without a stated consent basis, naming the line and the column", () => {
    const { headers, rows } = csv(
      "Last name,Email,Email subscription,Consent basis\r\n" +
        "Lovelace,ada@x.io,Subscribed,Signed up at the 2026 trade show\r\n" +
        "Babbage,cb@x.io,subscribed,\r\n" +
        "Hopper,gh@x.io,,\r\n" +
        "Noether,en@x.io,已订阅,\r\n",
    );
    const mapping = suggestMapping(headers, "contact");
    expect(mapping).toEqual(["lastName", "email", "emailStatus", "emailConsentBasis"]);
    const out = checkRows({ collection: "contacts", headers, rows, mapping, dedupe: new DedupeIndex("contacts", []) });
    expect(out.issues.map((i) => [i.row, i.column, i.reason])).toEqual([
      [3, "Email subscription", expect.stringContaining("consent basis")],
      [5, "Email subscription", expect.stringContaining("consent basis")],
    ]);
    // Nobody is subscribed by default: a row without a status is "none".
    expect(out.valid.map((v) => [v.row, v.value.emailStatus])).toEqual([
      [2, "subscribed"],
      [4, "none"],
    ]);
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
      {
        row: 3,
        field: "accountId",
        column: "Account",
        reason: 'No account is named "Nobody" (or has that id).',
        code: "noAccount",
        value: "Nobody",
      },
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

  it("reads owners by name or email, in any case; flags a name nobody has and keeps it", () => {
    const { headers, rows } = csv(
      [
        "Name,Owner",
        "Acme,Ada Admin",
        "Globex,BO2@CRM.TEST",
        "Initech,u-bo",
        "Umbrella,demo-dana",
        "Hooli,Bo Sales",
        "Stark,Someone Else",
        "Wayne,",
      ].join("\n"),
    );
    const people = new PeopleResolver([
      { id: "u-ada", name: "Ada Admin", email: "ada@crm.test" },
      { id: "u-bo", name: "Bo Sales", email: "bo@crm.test" },
      { id: "u-bo2", name: "Bo Sales", email: "bo2@crm.test" },
    ]);
    const out = checkRows({
      collection: "accounts",
      headers,
      rows,
      mapping: suggestMapping(headers, "account"),
      dedupe: new DedupeIndex("accounts", []),
      people,
    });
    expect(out.issues).toEqual([]);
    expect(out.valid.map((v) => v.value.owner)).toEqual([
      "u-ada",
      "u-bo2",
      "u-bo",
      "demo-dana",
      "Bo Sales",
      "Someone Else",
      "",
    ]);
    // Two people share "Bo Sales": the name says nobody (the email would).
    expect(out.warnings.map((w) => [w.row, w.field, w.column, w.code, w.value])).toEqual([
      [6, "owner", "Owner", "noPerson", "Bo Sales"],
      [7, "owner", "Owner", "noPerson", "Someone Else"],
    ]);
  });

  it("reads a custom person field like the owner, by its Chinese header too", () => {
    const base = defaultSettings();
    const settings = {
      ...base,
      ...addCustomField(
        base,
        { collection: "cases", kind: "person", label: { en: "Reviewer", zh: "审核人" } },
        "f-rev",
      ),
    };
    const { headers, rows } = csv("主题,审核人\nLeak,ada@crm.test\n");
    const mapping = suggestMapping(headers, "case", {}, settings);
    expect(mapping).toEqual(["subject", "cfReviewer"]);
    const out = checkRows({
      collection: "cases",
      headers,
      rows,
      mapping,
      dedupe: new DedupeIndex("cases", []),
      people: new PeopleResolver([{ id: "u-ada", name: "Ada Admin", email: "ada@crm.test" }]),
      settings,
    });
    expect(out.valid.map((v) => v.value.cfReviewer)).toEqual(["u-ada"]);
  });
});
