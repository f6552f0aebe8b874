import { describe, expect, it } from "vitest";
import {
  accountKeys,
  companyNameKey,
  emailKey,
  findDuplicateAccounts,
  findDuplicateContacts,
  phoneKey,
  websiteDomain,
} from "./dedupe.js";
import { type Account, AccountType } from "./records/account.js";
import { type Contact, ContactType } from "./records/contact.js";

const meta = { createdAt: 1, createdBy: "u", updatedAt: 1, updatedBy: "u" };
const account = (id: string, f: Partial<Account>): Account => ({
  ...AccountType.defaults(),
  ...meta,
  id,
  name: id,
  ...f,
});
const contact = (id: string, f: Partial<Contact>): Contact => ({
  ...ContactType.defaults(),
  id,
  lastName: id,
  ...meta,
  ...f,
});

describe("dedupe keys", () => {
  it("normalises emails; Gmail dots and +tags only for Gmail", () => {
    expect(emailKey("  Ada.Lovelace+crm@GoogleMail.com ")).toBe("adalovelace@gmail.com");
    expect(emailKey("ada.lovelace+crm@acme.io")).toBe("ada.lovelace+crm@acme.io");
    expect(emailKey("not an email")).toBe("");
  });

  it("uses the stored phone normalisation and needs 6 digits", () => {
    expect(phoneKey("0049 (30) 123-456")).toBe(phoneKey("+49 30 123456"));
    expect(phoneKey("12-34")).toBe("");
  });

  it("reduces company names and websites to what tells companies apart", () => {
    expect(companyNameKey("ACME, Inc.")).toBe(companyNameKey("Acme GmbH"));
    expect(companyNameKey("Société Générale S.A.")).toBe("societe generale");
    expect(companyNameKey("华为技术有限公司")).toBe("华为技术");
    expect(websiteDomain("https://www.Acme.io/about")).toBe("acme.io");
    expect(websiteDomain("acme.io")).toBe("acme.io");
    expect(accountKeys(account("x", { name: "Acme Ltd", email: "hi@gmail.com" }))).toEqual(["name:acme"]);
  });
});

describe("duplicate finder", () => {
  it("groups accounts sharing a name, a domain or a phone, transitively", () => {
    const groups = findDuplicateAccounts([
      account("a1", { name: "Acme GmbH", website: "https://acme.io" }),
      account("a2", { name: "Globex" }),
      account("a3", { name: "ACME Corp." }),
      account("a4", { name: "Acme Europe", website: "www.acme.io", phone: "+4930123456" }),
      account("a5", { name: "Initech", phone: "0049 30 123456" }),
      account("a6", { name: "Acme", deletedAt: 9 }),
    ]);
    expect(groups).toEqual([
      { ids: ["a1", "a3", "a4", "a5"], reasons: ["name:acme", "domain:acme.io", "phone:+4930123456"] },
    ]);
  });

  it("groups contacts by email, phone, or full name at the same account", () => {
    const groups = findDuplicateContacts([
      contact("c1", { firstName: "Ada", lastName: "Lovelace", email: "ada.l@gmail.com", accountId: "a1" }),
      contact("c2", { email: "adal+news@gmail.com" }),
      contact("c3", { firstName: "ada", lastName: "LOVELACE", accountId: "a1" }),
      contact("c4", { firstName: "Ada", lastName: "Lovelace", accountId: "a2" }),
    ]);
    expect(groups.map((g) => g.ids)).toEqual([["c1", "c2", "c3"]]);
  });
});
