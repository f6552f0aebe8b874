import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { recordTypes } from "../index.js";
import { readRecord, writeRecord } from "../yrecords.js";
import { AccountType } from "./account.js";
import { ContactType } from "./contact.js";

describe("Account validation", () => {
  it("accepts a minimal account and fills defaults", () => {
    const r = AccountType.validate({ name: "  Acme  " });
    expect(r).toMatchObject({ ok: true, value: { name: "Acme", status: "prospect", website: "" } });
  });

  it("names every invalid field with a code and message", () => {
    const r = AccountType.validate({ name: "", email: "not-an-email", phone: "call me", website: "no spaces allowed" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.fromEntries(r.issues.map((i) => [i.field, i.code]))).toEqual({
      name: "required",
      email: "invalidEmail",
      phone: "invalidPhone",
      website: "invalidUrl",
    });
    expect(r.issues.every((i) => i.message.length > 10)).toBe(true);
  });

  it("normalises phone, email and website", () => {
    const r = AccountType.validate({
      name: "A",
      phone: "0049 (30) 123-456",
      email: " Ada@Acme.IO ",
      website: "acme.io",
    });
    expect(r).toMatchObject({
      ok: true,
      value: { phone: "+4930123456", email: "ada@acme.io", website: "https://acme.io" },
    });
  });

  it("rejects a status outside the list", () => {
    const r = AccountType.validate({ name: "A", status: "vip" });
    expect(r.ok).toBe(false);
  });
});

describe("Contact validation", () => {
  it("requires a last name and validates the email", () => {
    const r = ContactType.validate({ firstName: "Ada", email: "ada@" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => `${i.field}:${i.code}`)).toEqual(["lastName:required", "email:invalidEmail"]);
  });
});

describe("migrations", () => {
  it("opens an account stored at version 1 at the current version", () => {
    const stored = {
      id: "a1",
      _v: 1,
      name: "Acme",
      address: "1 Main St",
      createdAt: 1,
      createdBy: "u",
      updatedAt: 1,
      updatedBy: "u",
    };
    const migrated = AccountType.migrate(stored);
    expect(migrated).toMatchObject({
      name: "Acme",
      billingStreet: "1 Main St",
      status: "prospect",
      _v: AccountType.version,
    });
    expect(migrated).not.toHaveProperty("address");
  });

  it("opens a contact stored at version 1 at the current version", () => {
    const migrated = ContactType.migrate({ id: "c1", _v: 1, name: "Ada King Lovelace" });
    expect(migrated).toMatchObject({ firstName: "Ada King", lastName: "Lovelace", _v: ContactType.version });
  });

  it("gives a contact stored at version 2 a mobile, an owner and a mailing address, empty", () => {
    const stored = { id: "c2", _v: 2, firstName: "Ada", lastName: "Lovelace", phone: "+441234567890" };
    const migrated = ContactType.migrate(stored);
    expect(migrated).toMatchObject({
      firstName: "Ada",
      phone: "+441234567890",
      mobile: "",
      owner: "",
      mailingStreet: "",
      mailingCity: "",
      mailingPostalCode: "",
      mailingCountry: "",
      emailStatus: "none",
      emailTopics: [],
      _v: 4,
    });
    expect(ContactType.validate(migrated).ok).toBe(true);
  });

  it("stores nobody as subscribed without a consent basis, naming the status", () => {
    const r = ContactType.validate({ lastName: "L", emailStatus: "subscribed" });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues).toEqual([expect.objectContaining({ field: "emailStatus", code: "consentBasisRequired" })]);
    expect(
      ContactType.validate({ lastName: "L", emailStatus: "subscribed", emailConsentBasis: "Trade show 2026" }).ok,
    ).toBe(true);
    const plain = ContactType.validate({ lastName: "L" });
    expect(plain.ok && plain.value.emailStatus).toBe("none");
  });

  it("keeps fields and the version of a record written by newer code", () => {
    const migrated = AccountType.migrate({ id: "a2", _v: 99, name: "Future", loyaltyTier: "gold" });
    expect(migrated).toMatchObject({ name: "Future", loyaltyTier: "gold", _v: 99 });
  });

  it("exercises every migration step of every record type", () => {
    for (const type of Object.values(recordTypes)) {
      for (const m of type.migrations) {
        const before = { id: "x", _v: m.to - 1 };
        const after = m.up({ ...before });
        expect(after, m.id).toBeTypeOf("object");
        expect(type.migrate(before)._v, m.id).toBe(type.version);
      }
      expect(type.version).toBe(type.migrations.length + 1);
    }
  });

  it("migrates a version-1 record read back from a Yjs document", () => {
    const doc = new Y.Doc();
    writeRecord(doc, "c9", { name: "Grace Hopper" }, { actor: "old-client", now: 5, version: 1 });
    const migrated = ContactType.migrate(readRecord(doc, "c9")!);
    expect(migrated).toMatchObject({ firstName: "Grace", lastName: "Hopper", createdBy: "old-client" });
  });
});
