import { getCountries, getCountryCallingCode } from "libphonenumber-js/min";
import { describe, expect, it } from "vitest";
import { generateDemo } from "./demo.js";
import { formatPhone, interpretPhone, interpretPhones } from "./phoneNumbers.js";
import { COUNTRY_CALLING_CODES, parseSearchQuery, phoneTerms, splitE164, termsMatch } from "./phones.js";
import { AccountType, searchWords } from "./records/account.js";
import { ContactType } from "./records/contact.js";

const finds = (stored: string, query: string) => {
  const terms = phoneTerms(stored);
  return parseSearchQuery(query).every((w) => termsMatch(terms, w));
};

describe("phone numbers in search", () => {
  it("knows every country calling code of the phone metadata (and they are prefix-free)", () => {
    const codes = new Set(getCountries().map((c) => getCountryCallingCode(c) as string));
    expect([...COUNTRY_CALLING_CODES].sort()).toEqual([...codes].sort());
    for (const a of codes) for (const b of codes) if (a !== b) expect(b.startsWith(a), `${a} / ${b}`).toBe(false);
  });

  it("splits E.164 into calling code and national number", () => {
    expect(splitE164("+49301234567")).toEqual({ callingCode: "49", national: "301234567" });
    expect(splitE164("+12125551234")).toEqual({ callingCode: "1", national: "2125551234" });
    expect(splitE164("+8613800138000")).toEqual({ callingCode: "86", national: "13800138000" });
    expect(splitE164("0301234567")).toBeNull();
  });

  it("indexes two terms per number: E.164 digits and national number", () => {
    expect(phoneTerms("+49301234567")).toEqual(["49301234567", "301234567"]);
    expect(phoneTerms("0301234567")).toEqual(["0301234567", "301234567"]);
    expect(phoneTerms("")).toEqual([]);
  });

  it("finds a number from every way people write it", () => {
    for (const q of [
      "030 1234567",
      "+49 30 1234567",
      "4930 1234567",
      "(030) 123-4567",
      "0049 30 1234567",
      "030/1234567",
    ])
      expect(finds("+49301234567", q), q).toBe(true);
    expect(finds("+49301234567", "+44 30 1234567")).toBe(false);
    expect(finds("+12125551234", "(212) 555-1234")).toBe(true);
    expect(finds("+12125551234", "1 212 555 1234")).toBe(true);
    expect(finds("+861012345678", "010 1234 5678")).toBe(true);
    expect(finds("+390612345678", "06 1234 5678")).toBe(true);
    // A number kept as typed (no region to read it with) is found the same ways.
    expect(finds("0301234567", "030 1234567")).toBe(true);
  });

  it("leaves text queries as lowercase words, and digits keep their own prefix", () => {
    expect(parseSearchQuery("Ada  LOVELACE")).toEqual([["ada"], ["lovelace"]]);
    expect(parseSearchQuery("00012")).toEqual([["00012", "012"]]);
    expect(parseSearchQuery("ada +49 30")).toEqual([["ada"], ["49"], ["30"]]);
  });

  it("keeps the terms of a contact at most what they were (imports write one index entry per term)", () => {
    // Before: the phone went through searchWords (the E.164 text and its digits). Now: the digits
    // and the national number. A mobile number (version 3) counts like a second phone would have.
    const { contacts, accounts } = generateDemo("demo");
    let before = 0;
    let after = 0;
    for (const stored of contacts) {
      const c = ContactType.migrate(stored as unknown as Record<string, unknown>);
      const old = searchWords(c.firstName, c.lastName, c.email, c.phone, c.mobile).length;
      const now = ContactType.searchTerms(c).length;
      expect(now).toBeLessThanOrEqual(old);
      before += old;
      after += now;
    }
    expect(after).toBeLessThanOrEqual(before);
    const a = AccountType.migrate(accounts[0] as unknown as Record<string, unknown>);
    expect(AccountType.searchTerms({ ...a, phone: "+49301234567" })).toContain("301234567");
  });
});

describe("reading numbers people type (libphonenumber)", () => {
  it("stores valid numbers as E.164, national ones in the default region", () => {
    expect(interpretPhone("030 1234567", "DE")).toEqual({ value: "+49301234567", valid: true });
    expect(interpretPhone("(030) 123-4567", "DE")).toEqual({ value: "+49301234567", valid: true });
    expect(interpretPhone("+49 30 1234567", "CN")).toEqual({ value: "+49301234567", valid: true });
    expect(interpretPhone("0049 30 1234567", "")).toEqual({ value: "+49301234567", valid: true });
    expect(interpretPhone("010 1234 5678", "CN")).toEqual({ value: "+861012345678", valid: true });
    // The same national digits mean another number in another region.
    expect(interpretPhone("(212) 555-1234", "US")).toEqual({ value: "+12125551234", valid: true });
  });

  it("keeps what it cannot read as typed, flagged", () => {
    expect(interpretPhone("030 1234567", "")).toEqual({ value: "030 1234567", valid: false });
    expect(interpretPhone("+49 1", "DE")).toEqual({ value: "+49 1", valid: false });
    const out = interpretPhones(["phone"], { phone: "12", name: "x" }, "DE");
    expect(out.input).toEqual({ phone: "12", name: "x" });
    expect(out.warnings.map((w) => [w.field, w.code])).toEqual([["phone", "invalidPhone"]]);
    // A number stored before is left alone.
    expect(interpretPhones(["phone"], { phone: "12" }, "DE", { phone: "12" }).warnings).toEqual([]);
  });

  it("formats E.164 for reading", () => {
    expect(formatPhone("+49301234567")).toBe("+49 30 1234567");
    expect(formatPhone("+8613800138000")).toBe("+86 138 0013 8000");
    expect(formatPhone("0301234567")).toBe("0301234567");
  });

  it("the validator keeps a short number as typed with a warning, and refuses text", () => {
    const short = ContactType.validate({ lastName: "L", phone: "12-34" });
    expect(short).toMatchObject({ ok: true, value: { phone: "12-34" }, warnings: [{ field: "phone" }] });
    expect(ContactType.validate({ lastName: "L", phone: "call me" })).toMatchObject({ ok: false });
    expect(ContactType.validate({ lastName: "L", phone: "+49 30 1234567" })).toMatchObject({
      ok: true,
      value: { phone: "+49301234567" },
    });
  });
});
