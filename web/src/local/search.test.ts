// Dexie needs a global indexedDB.
import "fake-indexeddb/auto";
import { withPhone as withPhoneTerms } from "@crm/schema";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ContactRow, CrmDatabase } from "./db.js";
import { forgetSearchCache, searchRecords, searchWords } from "./search.js";

// searchRecords over a real Dexie (fake-indexeddb): what the contacts list shows for a query.

function contact(id: string, firstName: string, lastName: string, email = ""): ContactRow {
  return {
    id,
    firstName,
    lastName,
    email,
    phone: "",
    mobile: "",
    title: "",
    accountId: "",
    owner: "",
    mailingStreet: "",
    mailingCity: "",
    mailingPostalCode: "",
    mailingCountry: "",
    emailStatus: "none",
    emailConsentBasis: "",
    emailTopics: [],
    createdAt: 1,
    createdBy: "u",
    updatedAt: 1,
    updatedBy: "u",
    sortKey: `${lastName} ${firstName}`.toLocaleLowerCase(),
    terms: [firstName, lastName, email].filter(Boolean).map((t) => t.toLocaleLowerCase()),
  };
}

let db: CrmDatabase;
let n = 0;

beforeEach(async () => {
  forgetSearchCache();
  db = new CrmDatabase(`search-test-${++n}`);
  await db.open();
});

afterEach(() => {
  db.close();
});

const names = (rows: ContactRow[]) => rows.map((r) => `${r.firstName} ${r.lastName}`);

describe("searchRecords", () => {
  it("answers a prefix in the list's order (by last name), not the index's, with the exact total", async () => {
    // Ids in the opposite order of the sort key: the terms index alone would give z… first.
    await db.contacts.bulkPut([
      contact("z1", "Margaret", "Adams"),
      contact("y1", "Mary", "Baker"),
      contact("x1", "Alan", "Moore"),
      contact("w1", "Grace", "Hopper"),
      contact("v1", "Ada", "Lovelace", "ada@math.example"),
    ]);
    const result = await searchRecords<ContactRow>(db, "contacts", "m", 2);
    expect(names(result.rows)).toEqual(["Margaret Adams", "Mary Baker"]);
    expect(result.total).toBe(3); // Margaret, Mary, Moore
    const all = await searchRecords<ContactRow>(db, "contacts", "M", 10);
    expect(names(all.rows)).toEqual(["Margaret Adams", "Mary Baker", "Alan Moore"]);
  });

  it("lists a row once even when several of its terms match", async () => {
    await db.contacts.bulkPut([contact("a", "Ada", "Adams", "ada@adams.example"), contact("b", "Bob", "Ray")]);
    const result = await searchRecords<ContactRow>(db, "contacts", "ad", 10);
    expect(names(result.rows)).toEqual(["Ada Adams"]);
    expect(result.total).toBe(1);
  });

  it("needs every word of a query, in any order, and fills the page past rows the other words rule out", async () => {
    const rows = [contact("hit", "Margaret", "Hamilton")];
    // 120 Margarets before her in the list (last names sorting first), none a Hamilton.
    for (let i = 0; i < 120; i++) rows.push(contact(`m${i}`, "Margaret", `Abbot${String(i).padStart(3, "0")}`));
    await db.contacts.bulkPut(rows);
    const result = await searchRecords<ContactRow>(db, "contacts", "  ham  Margaret ", 50);
    expect(names(result.rows)).toEqual(["Margaret Hamilton"]);
    expect(result.total).toBe(1);
  });

  it("sees a record added or renamed after an earlier search (the sort positions are rebuilt)", async () => {
    await db.contacts.bulkPut([contact("a", "Mia", "Young"), contact("b", "Max", "Zed")]);
    expect(names((await searchRecords<ContactRow>(db, "contacts", "m", 10)).rows)).toEqual(["Mia Young", "Max Zed"]);
    await db.contacts.bulkPut([contact("c", "Milo", "Archer"), contact("b", "Max", "Abel")]);
    expect(names((await searchRecords<ContactRow>(db, "contacts", "m", 10)).rows)).toEqual([
      "Max Abel",
      "Milo Archer",
      "Mia Young",
    ]);
    await db.contacts.delete("c");
    expect(names((await searchRecords<ContactRow>(db, "contacts", "m", 10)).rows)).toEqual(["Max Abel", "Mia Young"]);
  });

  it("checks a one-letter word beside a longer one on the rows, still in order and filling the page", async () => {
    const rows = [contact("hit1", "Margaret", "Hamilton"), contact("hit2", "Margaret", "Hopper")];
    for (let i = 0; i < 120; i++) rows.push(contact(`m${i}`, "Margaret", `Abbot${String(i).padStart(3, "0")}`));
    await db.contacts.bulkPut(rows);
    const result = await searchRecords<ContactRow>(db, "contacts", "margaret h", 1);
    expect(names(result.rows)).toEqual(["Margaret Hamilton"]);
    expect(result.total).toBeGreaterThanOrEqual(2); // Hopper is still to come: the list asks for more
    const all = await searchRecords<ContactRow>(db, "contacts", "margaret h", 50);
    expect(names(all.rows)).toEqual(["Margaret Hamilton", "Margaret Hopper"]);
    expect(all.total).toBe(2);
  });

  it("finds nothing for a prefix nobody has, and refuses a query without words", async () => {
    await db.contacts.bulkPut([contact("a", "Ada", "Lovelace")]);
    expect(await searchRecords<ContactRow>(db, "contacts", "q", 10)).toEqual({ rows: [], total: 0 });
    await expect(searchRecords<ContactRow>(db, "contacts", "   ", 10)).rejects.toThrow(/no word/);
  });

  it("splits a query into lowercase words", () => {
    expect(searchWords("  Grace   HOPPER ")).toEqual([["grace"], ["hopper"]]);
    expect(searchWords("")).toEqual([]);
  });

  it("finds a phone number however it is typed, with or without the country code", async () => {
    // Terms as schema computes them for a stored E.164 number (its digits and national number).
    const withPhone = (c: ContactRow, phone: string): ContactRow => ({
      ...c,
      phone,
      terms: withPhoneTerms([...c.terms], phone),
    });
    await db.contacts.bulkPut([
      withPhone(contact("a", "Ada", "Lovelace"), "+49301234567"),
      withPhone(contact("b", "Bo", "Berlin"), "+49309999999"),
      withPhone(contact("c", "Cy", "Rome"), "+390612345678"),
    ]);
    for (const q of [
      "030 1234567",
      "+49 30 1234567",
      "4930 1234567",
      "(030) 123-4567",
      "0049 30 1234567",
      "0301234567",
    ])
      expect(names((await searchRecords<ContactRow>(db, "contacts", q, 10)).rows), q).toEqual(["Ada Lovelace"]);
    // A prefix of the national number finds both Berlin numbers, in list order.
    expect(names((await searchRecords<ContactRow>(db, "contacts", "030", 10)).rows)).toEqual([
      "Bo Berlin",
      "Ada Lovelace",
    ]);
    // Italian numbers keep their leading 0 in the national number.
    expect(names((await searchRecords<ContactRow>(db, "contacts", "06 1234 5678", 10)).rows)).toEqual(["Cy Rome"]);
    expect(names((await searchRecords<ContactRow>(db, "contacts", "+39 06 1234", 10)).rows)).toEqual(["Cy Rome"]);
    expect((await searchRecords<ContactRow>(db, "contacts", "+44 30 1234567", 10)).rows).toEqual([]);
  });
});
