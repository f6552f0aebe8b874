import {
  addCustomField,
  type CollectionName,
  defaultSettings,
  parseCsv,
  recordTypes,
  type StoredRecord,
  suggestMapping,
  type WorkspaceSettings,
} from "@crm/schema";
import { formatPhone, interpretPhones } from "@crm/schema/phoneNumbers";
import type { TFunction } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { testT } from "../i18n/forTests.js";
import { columnsOf, columnTitles, titleAliases } from "./columns.js";
import { cellContext, recordsToCsv } from "./exportFile.js";
import { AccountResolver, type CheckedImport, checkRows, DedupeIndex, PeopleResolver } from "./importPlan.js";

// Export → import, as the Data page does both, with the app's real strings in both languages and
// a workspace with custom fields (a picklist "Tier", several "Regions", a renewal date).

let tEn: TFunction;
let tZh: TFunction;
beforeAll(async () => {
  tEn = await testT("en");
  tZh = await testT("zh");
});

const people = [
  { id: "u-ada", name: "Ada Admin", email: "ada@crm.test" },
  { id: "u-bo", name: "Bo Sales", email: "bo@crm.test" },
  { id: "u-bo2", name: "Bo Sales", email: "bo2@crm.test" },
];
function workspace(): WorkspaceSettings {
  let s: WorkspaceSettings = {
    ...defaultSettings(),
    pipelineStages: [
      ...defaultSettings().pipelineStages,
      { id: "demo-x1", label: "Demo booked", probability: 40, kind: "open" as const },
    ],
  };
  const values = (...v: [string, string, string][]) => v.map(([value, en, zh]) => ({ value, label: { en, zh } }));
  s = {
    ...s,
    ...addCustomField(
      s,
      {
        collection: "accounts",
        kind: "picklist",
        label: { en: "Tier", zh: "等级" },
        values: values(["gold", "Gold", "金牌"], ["silver", "Silver", "银牌"]),
      },
      "f-tier",
    ),
  };
  s = {
    ...s,
    ...addCustomField(
      s,
      {
        collection: "accounts",
        kind: "multiPicklist",
        label: { en: "Regions", zh: "区域" },
        values: values(["emea", "EMEA", "欧洲中东非洲"], ["apac", "APAC", "亚太"]),
      },
      "f-regions",
    ),
  };
  s = {
    ...s,
    ...addCustomField(s, { collection: "accounts", kind: "date", label: { en: "Renewal", zh: "续约日期" } }, "f-renew"),
  };
  s = {
    ...s,
    ...addCustomField(
      s,
      { collection: "contacts", kind: "person", label: { en: "Assistant", zh: "助理" } },
      "f-assistant",
    ),
  };
  return s;
}
const settings = workspace();
const meta = { createdAt: 1, createdBy: "u-ada", updatedAt: 1, updatedBy: "u-ada", deletedAt: null, _v: 3 };

function stored(collection: CollectionName, id: string, input: StoredRecord): StoredRecord {
  const r = recordTypes[collection].validate(input, { settings });
  if (!r.ok) throw new Error(`${collection} ${id}: ${JSON.stringify(r.issues)}`);
  return { ...meta, ...(r.value as StoredRecord), id };
}

const accounts = [
  stored("accounts", "a1", {
    name: "Acme GmbH",
    website: "acme.de",
    phone: "+49301234567",
    status: "customer",
    owner: "u-ada",
    billingStreet: "Hauptstraße 1",
    billingCity: "Berlin",
    billingPostalCode: "10115",
    billingCountry: "Germany",
    cfTier: "gold",
    cfRegions: ["emea", "apac"],
    cfRenewal: "2027-03-31",
  }),
  stored("accounts", "a2", {
    name: '=HYPERLINK("http://evil.example","click")',
    website: "evil.example",
    status: "churned",
    churnedAt: Date.UTC(2026, 5, 1, 12, 30),
    owner: "u-bo",
  }),
  stored("accounts", "a3", {
    name: "北京科技有限公司",
    website: "bj.cn",
    phone: "+861012345678",
    status: "prospect",
    cfTier: "silver",
  }),
];
const contacts = [
  stored("contacts", "c1", {
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@acme.de",
    phone: "+49301234567",
    mobile: "+4915123456789",
    accountId: "a1",
    owner: "u-bo2",
    mailingStreet: "Hauptstraße 1",
    mailingCity: "Berlin",
    mailingPostalCode: "10115",
    mailingCountry: "Germany",
    cfAssistant: "u-ada",
  }),
  stored("contacts", "c2", {
    firstName: "小明",
    lastName: "王",
    phone: "+8613800138000",
    title: "CTO",
    accountId: "a3",
    owner: "demo-dana",
    mailingCity: "北京",
  }),
  stored("contacts", "c3", { lastName: "Nobody", email: "n@x.io" }),
];
const opportunities = [
  stored("opportunities", "o1", {
    name: "Big deal",
    accountId: "a1",
    stage: "demo-x1",
    amount: 1200.5,
    closeDate: "2026-12-07",
    owner: "u-ada",
  }),
  stored("opportunities", "o2", {
    name: "Won one",
    accountId: "a3",
    stage: "won",
    amount: 10,
    wonAt: Date.UTC(2026, 0, 2, 3, 4),
    owner: "u-bo",
  }),
];
const cases = [
  stored("cases", "k1", {
    subject: "Leak",
    accountId: "a1",
    status: "pending",
    priority: "urgent",
    channel: "chat",
    assignee: "u-ada",
    openedAt: Date.UTC(2026, 2, 3, 4, 5, 6),
  }),
];
const activities = [
  stored("activities", "t1", {
    kind: "meeting",
    subject: "Kick-off",
    dueAt: Date.UTC(2026, 3, 4),
    done: "true",
    accountId: "a1",
    owner: "u-ada",
  }),
];

async function exportFile(t: TFunction, collection: CollectionName, records: StoredRecord[], allAccounts = accounts) {
  const lang = t === tZh ? "zh" : "en";
  return recordsToCsv(collection, records, cellContext(lang, t, allAccounts as never, people, formatPhone), settings);
}

/** Imports a file the way runImport checks it: labels mapped, cells read back, phones read with `region`. */
function importFile(
  collection: CollectionName,
  text: string,
  existing: StoredRecord[],
  accountsHere: StoredRecord[],
  region = "DE",
): CheckedImport & { unmapped: string[] } {
  const [head, ...rows] = parseCsv(text.replace(/^\uFEFF/, ""));
  const headers = head!.fields;
  const type = recordTypes[collection];
  const mapping = suggestMapping(headers, type.typeName, titleAliases(collection, settings), settings);
  const out = checkRows({
    collection,
    headers,
    rows,
    mapping,
    dedupe: new DedupeIndex(collection, existing),
    accounts: new AccountResolver(accountsHere as never),
    people: new PeopleResolver(people),
    prepare: (input) => interpretPhones((type.phoneFields ?? []) as string[], input, region),
    settings,
  });
  return { ...out, unmapped: headers.filter((_, i) => mapping[i] === null) };
}

/** The fields an import sets, as the validator leaves them. */
const imported = (collection: CollectionName, r: StoredRecord) => {
  const v = recordTypes[collection].validate(r, { settings });
  if (!v.ok) throw new Error("invalid");
  return v.value as StoredRecord;
};

describe("CSV export", () => {
  it("titles columns as the screens do, in the reader's language", async () => {
    const [enHead] = parseCsv((await exportFile(tEn, "contacts", contacts)).slice(1));
    expect(enHead!.fields).toEqual([
      "ID",
      "First name",
      "Last name",
      "Email",
      "Phone",
      "Mobile",
      "Job title",
      "Account",
      "Owner",
      "Street",
      "City",
      "Postal code",
      "Country",
      "Email subscription",
      "Consent basis",
      "Email topics",
      "Assistant",
    ]);
    const [zhHead] = parseCsv((await exportFile(tZh, "contacts", contacts)).slice(1));
    expect(zhHead!.fields).toEqual([
      "ID",
      "名",
      "姓",
      "邮箱",
      "电话",
      "手机",
      "职位",
      "客户",
      "负责人",
      "街道",
      "城市",
      "邮编",
      "国家/地区",
      "邮件订阅",
      "同意依据",
      "邮件主题",
      "助理",
    ]);
    const [accountHead] = parseCsv((await exportFile(tEn, "accounts", accounts)).slice(1));
    expect(accountHead!.fields.slice(-3)).toEqual(["Tier", "Regions", "Renewal"]);
    const [caseHead] = parseCsv((await exportFile(tZh, "cases", cases)).slice(1));
    expect(caseHead!.fields).toContain("联系人（ID）");
    // Every collection: one distinct title per column, in both languages.
    for (const c of Object.keys(recordTypes) as CollectionName[])
      for (const lang of ["en", "zh"] as const) {
        const titles = columnTitles(columnsOf(c, settings), lang);
        expect(new Set(titles).size, `${c}: ${titles.join(", ")}`).toBe(titles.length);
      }
  });

  it("writes accounts and people by name, choices by label, phones readable, times in UTC", async () => {
    const [, ...rows] = parseCsv((await exportFile(tEn, "accounts", accounts)).slice(1));
    expect(rows[0]!.fields).toContain("+49 30 1234567".replace(/^/, "'"));
    expect(rows[0]!.fields).toContain("Customer");
    expect(rows[0]!.fields).toContain("Ada Admin");
    // Two people are called Bo Sales: the email says which.
    expect(rows[1]!.fields).toContain("bo@crm.test");
    expect(rows[1]!.fields).toContain("2026-06-01T12:30:00.000Z");
    // Formula-safe: the cell is text, whatever the spreadsheet.
    expect(rows[1]!.fields[1]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    const [, c1] = parseCsv((await exportFile(tEn, "contacts", contacts)).slice(1));
    expect(c1!.fields).toContain("Acme GmbH");
    expect(c1!.fields).toContain(`'${formatPhone("+4915123456789")}`);
    // The owner's name is shared: the email says which; the custom person column by name.
    expect(c1!.fields.slice(-9, -4)).toEqual(["bo2@crm.test", "Hauptstraße 1", "Berlin", "10115", "Germany"]);
    expect(c1!.fields.at(-1)).toBe("Ada Admin");
    // Custom fields: a choice by its label, several joined with "; ", a date as stored.
    expect(rows[0]!.fields.slice(-3)).toEqual(["Gold", "EMEA; APAC", "2027-03-31"]);
    const [, zhAcme] = parseCsv((await exportFile(tZh, "accounts", accounts)).slice(1));
    expect(zhAcme!.fields.slice(-3)).toEqual(["金牌", "欧洲中东非洲; 亚太", "2027-03-31"]);
    expect(zhAcme!.fields).toContain("客户");
    const [, o1] = parseCsv((await exportFile(tZh, "opportunities", opportunities)).slice(1));
    expect(o1!.fields).toContain("Demo booked");
    const [, o2] = parseCsv((await exportFile(tZh, "opportunities", opportunities)).slice(1)).slice(1);
    expect(o2!.fields).toContain("赢单");
  });
});

describe("export → import", () => {
  for (const [lang, t] of [
    ["English", () => tEn],
    ["Chinese", () => tZh],
  ] as const)
    it(`a file exported in ${lang} imports into an empty workspace as the same records`, async () => {
      // Accounts first (new ids), then what points at them by name.
      const a = importFile("accounts", await exportFile(t(), "accounts", accounts), [], []);
      expect(a.unmapped).toEqual(["ID"]);
      expect(a.issues).toEqual([]);
      expect(a.warnings).toEqual([]);
      expect(a.valid.map((v) => v.value)).toEqual(accounts.map((r) => imported("accounts", r)));
      const newAccounts = a.valid.map((v, i) => ({ ...v.value, id: `new-${i}` }));
      const newId = new Map(accounts.map((r, i) => [r.id, `new-${i}`]));
      for (const [collection, records] of [
        ["contacts", contacts],
        ["opportunities", opportunities],
        ["cases", cases],
        ["activities", activities],
      ] as const) {
        const out = importFile(collection, await exportFile(t(), collection, records), [], newAccounts);
        expect(out.unmapped, collection).toEqual(["ID"]);
        expect(out.issues, collection).toEqual([]);
        expect(
          out.valid.map((v) => v.value),
          collection,
        ).toEqual(
          records.map((r) => {
            const f = imported(collection, r);
            return typeof f.accountId === "string" && f.accountId ? { ...f, accountId: newId.get(f.accountId) } : f;
          }),
        );
      }
    });

  it("imported again into the same workspace, adds nothing: every row is a duplicate", async () => {
    const a = importFile("accounts", await exportFile(tEn, "accounts", accounts), accounts, accounts);
    expect(a.valid).toEqual([]);
    expect(a.duplicates.map((d) => d.existingId)).toEqual(["a1", "a2", "a3"]);
    const c = importFile("contacts", await exportFile(tZh, "contacts", contacts), contacts, accounts);
    expect(c.valid).toEqual([]);
    expect(c.duplicates.map((d) => d.existingId)).toEqual(["c1", "c2", "c3"]);
  });
});

describe("import of phone numbers", () => {
  const file = "Last name,Phone\r\nA,030 1234567\r\nB,+1 212 555 1234\r\nC,+49 1\r\n";
  it("reads a national number in the workspace's region, and keeps what it cannot read, flagged", () => {
    const de = importFile("contacts", file, [], [], "DE");
    expect(de.valid.map((v) => v.value.phone)).toEqual(["+49301234567", "+12125551234", "+49 1"]);
    expect(de.warnings.map((w) => [w.row, w.field, w.column])).toEqual([[4, "phone", "Phone"]]);
    const cn = importFile("contacts", file, [], [], "CN");
    expect(cn.valid[0]!.value.phone).toBe("+86301234567");
    const none = importFile("contacts", file, [], [], "");
    expect(none.valid[0]!.value.phone).toBe("0301234567");
    expect(none.warnings.map((w) => w.row)).toEqual([2, 4]);
  });
});

describe("a retired custom field", () => {
  it("is still exported with its values, and an import leaves its column out", async () => {
    const tier = settings.customFields["f-tier"]!;
    const retired = { ...settings, customFields: { ...settings.customFields, "f-tier": { ...tier, retired: true } } };
    const ctx = cellContext("en", tEn, accounts as never, people, formatPhone);
    const [head, acme] = parseCsv(recordsToCsv("accounts", accounts, ctx, retired).slice(1));
    expect(head!.fields).toContain("Tier");
    expect(acme!.fields[head!.fields.indexOf("Tier")]).toBe("Gold");
    const mapping = suggestMapping(head!.fields, "account", titleAliases("accounts", retired), retired);
    expect(mapping[head!.fields.indexOf("Tier")]).toBeNull();
    expect(mapping[head!.fields.indexOf("Regions")]).toBe("cfRegions");
  });
});
