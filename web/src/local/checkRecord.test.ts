import { addCustomField, defaultSettings, recordTypes } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { checkRecord } from "./checkRecord.js";

const contacts = recordTypes.contacts;
const region = (r: string) => async () => r;

describe("checking a form's save", () => {
  it("stores a national number with the workspace's region, as E.164", async () => {
    const r = await checkRecord(contacts, { lastName: "L", phone: "030 1234567" }, region("DE"));
    expect(r).toMatchObject({ ok: true, value: { phone: "+49301234567" } });
  });

  it("keeps a number it cannot read as typed, and refuses one too short to be a number", async () => {
    const none = await checkRecord(contacts, { lastName: "L", phone: "030 1234567" }, region(""));
    expect(none).toMatchObject({ ok: true, value: { phone: "0301234567" } });
    const madeUp = await checkRecord(contacts, { lastName: "L", phone: "+1 555 0100" }, region("DE"));
    expect(madeUp).toMatchObject({ ok: true, value: { phone: "+15550100" } });
    const short = await checkRecord(contacts, { lastName: "L", phone: "12-34" }, region(""));
    expect(short).toMatchObject({ ok: false, issues: [{ field: "phone", code: "invalidPhone" }] });
  });

  it("lets a number stored earlier stand when another field changes", async () => {
    const base = { lastName: "L", phone: "12-34" };
    const r = await checkRecord(contacts, { ...base, lastName: "M" }, region("DE"), base);
    expect(r).toMatchObject({ ok: true, value: { lastName: "M", phone: "12-34" } });
  });

  it("loads nothing and asks for no region without a phone", async () => {
    let asked = false;
    const r = await checkRecord(contacts, { lastName: "L" }, async () => {
      asked = true;
      return "DE";
    });
    expect(r.ok).toBe(true);
    expect(asked).toBe(false);
  });

  it("checks the workspace's custom fields, and reads their phone numbers too", async () => {
    const base = defaultSettings();
    const settings = {
      ...base,
      ...addCustomField(
        base,
        { collection: "contacts", kind: "phone", label: { en: "Mobile", zh: "手机" }, required: true },
        "f-mobile",
      ),
    };
    const missing = await checkRecord(contacts, { lastName: "L" }, region("DE"), undefined, settings);
    expect(missing).toMatchObject({ ok: false, issues: [{ field: "cfMobile", code: "required" }] });
    const r = await checkRecord(
      contacts,
      { lastName: "L", cfMobile: "030 1234567" },
      region("DE"),
      undefined,
      settings,
    );
    expect(r).toMatchObject({ ok: true, value: { cfMobile: "+49301234567" } });
    // A record stored before the field was required: other changes still save.
    const stored = { lastName: "L" };
    const later = await checkRecord(contacts, { lastName: "M" }, region("DE"), stored, settings);
    expect(later).toMatchObject({ ok: true, value: { lastName: "M" } });
  });
});
