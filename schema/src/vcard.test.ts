import { describe, expect, it } from "vitest";
import type { Contact } from "./records/contact.js";
import { contactsToVCards, contactToVCard, escapeVCardText, foldLine } from "./vcard.js";

const ada: Contact = {
  id: "c1",
  firstName: "Ada",
  lastName: "Lovelace, Countess",
  email: "ada@engines.example",
  phone: "+4930123456",
  mobile: "",
  title: "Analyst; Poet",
  accountId: "a1",
  owner: "",
  mailingStreet: "",
  mailingCity: "",
  mailingPostalCode: "",
  mailingCountry: "",
  emailStatus: "none",
  emailConsentBasis: "",
  emailTopics: [],
  createdAt: 0,
  createdBy: "u",
  updatedAt: Date.UTC(2026, 10, 24, 9, 30),
  updatedBy: "u",
};

describe("vCard export", () => {
  it("escapes backslash, comma, semicolon and newlines (RFC 6350 §3.4)", () => {
    expect(escapeVCardText("a\\b,c;d\r\ne\nf")).toBe("a\\\\b\\,c\\;d\\ne\\nf");
  });

  it("writes a 4.0 card with CRLF line ends", () => {
    const card = contactToVCard(ada, { account: { name: "Engines Ltd" } });
    expect(card.split("\r\n")).toEqual([
      "BEGIN:VCARD",
      "VERSION:4.0",
      "FN:Ada Lovelace\\, Countess",
      "N:Lovelace\\, Countess;Ada;;;",
      "ORG:Engines Ltd",
      "TITLE:Analyst\\; Poet",
      "EMAIL;TYPE=work:ada@engines.example",
      "TEL;TYPE=work;VALUE=uri:tel:+4930123456",
      "UID:urn:crm:contact:c1",
      "REV:20261124T093000Z",
      "END:VCARD",
      "",
    ]);
  });

  it("writes a mobile number and the mailing address when the contact has them", () => {
    const card = contactToVCard({
      ...ada,
      mobile: "+447700900123",
      mailingStreet: "1 Analytical Way",
      mailingCity: "London",
      mailingPostalCode: "N1 9GU",
      mailingCountry: "United Kingdom",
    });
    expect(card).toContain("\r\nTEL;TYPE=cell;VALUE=uri:tel:+447700900123\r\n");
    expect(card).toContain("\r\nADR:;;1 Analytical Way;London;;N1 9GU;United Kingdom\r\n");
    const v3 = contactToVCard({ ...ada, mobile: "+447700900123", mailingCity: "London" }, { version: "3.0" });
    expect(v3).toContain("\r\nTEL;TYPE=CELL,VOICE:+447700900123\r\n");
    expect(v3).toContain("\r\nADR;TYPE=WORK:;;;London;;;\r\n");
    expect(contactToVCard(ada)).not.toContain("ADR");
  });

  it("writes 3.0 types the older way", () => {
    const card = contactToVCard(ada, { version: "3.0" });
    expect(card).toContain("\r\nVERSION:3.0\r\n");
    expect(card).toContain("\r\nTEL;TYPE=WORK,VOICE:+4930123456\r\n");
    expect(card).not.toContain("ORG:");
  });

  it("folds long lines at 75 octets without splitting a UTF-8 character", () => {
    const line = `NOTE:${"客户".repeat(40)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join("")).toBe(line);
  });

  it("exports many live contacts with their accounts", () => {
    const out = contactsToVCards([ada, { ...ada, id: "c2", deletedAt: 5 }], new Map([["a1", { name: "Engines" }]]));
    expect(out.match(/BEGIN:VCARD/g)).toHaveLength(1);
    expect(out).toContain("ORG:Engines\r\n");
  });
});
