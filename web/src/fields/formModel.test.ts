import {
  addCustomField,
  defaultSettings,
  type FieldDescriptor,
  fieldsOf,
  validateRecord,
  type WorkspaceSettings,
} from "@crm/schema";
import { describe, expect, it } from "vitest";
import { localIsoDateTime, parseLocalDateTime } from "../ui/dates.js";
import {
  autoFocusKey,
  changedKeys,
  formFields,
  formInput,
  formSections,
  fromInput,
  initialValues,
  isAccountScoped,
  toInput,
} from "./formModel.js";
import { formSpecs, newRecordBase } from "./formSpecs.js";

const field = (collection: Parameters<typeof fieldsOf>[0], key: string, settings?: WorkspaceSettings) => {
  const f = fieldsOf(collection, settings).find((d) => d.key === key);
  if (!f) throw new Error(`${collection}.${key}`);
  return f;
};

/** A workspace with custom fields on accounts: one per kind that converts specially. */
function withCustom(): WorkspaceSettings {
  let s = defaultSettings();
  const add = (kind: Parameters<typeof addCustomField>[1]["kind"], en: string, extra = {}, id = `id-${en}`) => {
    const patch = addCustomField(s, { collection: "accounts", kind, label: { en, zh: en }, ...extra }, id);
    s = { ...s, ...patch };
  };
  add("picklist", "Tier", {
    values: [
      { value: "gold", label: { en: "Gold", zh: "金牌" } },
      { value: "silver", label: { en: "Silver", zh: "银牌" } },
    ],
  });
  add("multiPicklist", "Regions", {
    values: [
      { value: "emea", label: { en: "EMEA", zh: "欧洲" } },
      { value: "apac", label: { en: "APAC", zh: "亚太" } },
    ],
  });
  add("dateTime", "Signed at");
  add("boolean", "Key account");
  add("money", "Budget", { required: true });
  add("reference", "Partner", { ref: "accounts" });
  add("longText", "Background", { section: "billingAddress" });
  return s;
}

describe("which fields a record form shows", () => {
  it("every editable field of the type, read-only stamps and structured kinds left out, hidden ones too", () => {
    const keys = (c: Parameters<typeof fieldsOf>[0]) =>
      formFields(fieldsOf(c), formSpecs[c as keyof typeof formSpecs]).map((f) => f.key);
    expect(keys("accounts")).toEqual([
      "name",
      "website",
      "industry",
      "phone",
      "email",
      "billingStreet",
      "billingCity",
      "billingPostalCode",
      "billingCountry",
      "status",
      "owner",
    ]);
    expect(keys("leads")).not.toContain("score");
    expect(keys("leads")).not.toContain("convertedAt");
    expect(keys("quotes")).toEqual(["accountId", "opportunityId", "contactId", "validUntil"]);
    expect(keys("cases")).toEqual(["subject", "accountId", "contactId", "category", "priority", "channel", "assignee"]);
    expect(keys("activities")).toEqual(["kind", "subject", "dueAt", "done", "accountId", "owner"]);
    expect(keys("opportunities")).not.toContain("wonAt");
  });

  it("custom fields come with the settings, retired ones do not, and sections keep their order", () => {
    const s = withCustom();
    const def = Object.values(s.customFields).find((d) => d.key === "cfRegions")!;
    s.customFields[def.id] = { ...def, retired: true };
    const fields = formFields(fieldsOf("accounts", s));
    expect(fields.map((f) => f.key)).toContain("cfTier");
    expect(fields.map((f) => f.key)).not.toContain("cfRegions");
    const sections = formSections(fields);
    expect(sections.map((x) => x.section.id)).toEqual(["main", "billingAddress", "custom"]);
    // A custom field naming a built-in section follows that section's own fields.
    expect(sections[1]!.fields.map((f) => f.key).at(-1)).toBe("cfBackground");
    expect(sections[2]!.section.label).toEqual({ en: "More fields", zh: "更多字段" });
    expect(sections[2]!.fields.map((f) => f.key)).toEqual([
      "cfTier",
      "cfSignedAt",
      "cfKeyAccount",
      "cfBudget",
      "cfPartner",
    ]);
  });

  it("puts the cursor in the first text field (an activity's subject, not its type)", () => {
    expect(autoFocusKey(formFields(fieldsOf("activities"), formSpecs.activities))).toBe("subject");
    expect(autoFocusKey(formFields(fieldsOf("contacts")))).toBe("firstName");
  });

  it("narrows references that belong to the form's account", () => {
    expect(isAccountScoped(field("cases", "contactId"))).toBe(true);
    expect(isAccountScoped(field("quotes", "opportunityId"))).toBe(true);
    expect(isAccountScoped(field("cases", "accountId"))).toBe(false);
    expect(isAccountScoped(field("accounts", "cfPartner", withCustom()))).toBe(false);
  });
});

describe("each kind's value in its input and back", () => {
  const s = withCustom();
  const f = (key: string) => field("accounts", key, s);

  it("text, numbers and picklists are text; empty is empty", () => {
    expect(toInput(field("opportunities", "amount"), 5000)).toBe("5000");
    expect(toInput(field("opportunities", "probability"), null)).toBe("");
    expect(toInput(f("cfTier"), "gold")).toBe("gold");
    expect(toInput(f("name"), undefined)).toBe("");
    expect(fromInput(f("cfBudget"), "1,200.50")).toBe("1,200.50");
  });

  it("a multi-picklist is the list of chosen values (stored as a list, or as CSV text)", () => {
    expect(toInput(f("cfRegions"), ["emea", "apac"])).toEqual(["emea", "apac"]);
    expect(toInput(f("cfRegions"), "emea;apac")).toEqual(["emea", "apac"]);
    expect(toInput(f("cfRegions"), undefined)).toEqual([]);
    expect(fromInput(f("cfRegions"), ["apac"])).toEqual(["apac"]);
  });

  it("yes/no is a checkbox's state", () => {
    expect(toInput(f("cfKeyAccount"), true)).toBe("true");
    expect(toInput(f("cfKeyAccount"), undefined)).toBe("false");
    expect(fromInput(f("cfKeyAccount"), "true")).toBe(true);
    expect(fromInput(f("cfKeyAccount"), "false")).toBe(false);
  });

  it("a date-time is typed in this device's time zone and stored as its moment", () => {
    const at = new Date(2031, 2, 14, 9, 30).getTime();
    expect(toInput(f("cfSignedAt"), at)).toBe("2031-03-14T09:30");
    expect(fromInput(f("cfSignedAt"), "2031-03-14T09:30")).toBe(at);
    expect(toInput(f("cfSignedAt"), null)).toBe("");
    expect(fromInput(f("cfSignedAt"), "")).toBe("");
    // Not a moment: handed on as typed, for the validator to refuse.
    expect(fromInput(f("cfSignedAt"), "soon")).toBe("soon");
    expect(parseLocalDateTime("2031-02-30T10:00")).toBeNaN();
    expect(localIsoDateTime(at)).toBe("2031-03-14T09:30");
  });

  it("a due typed as a day: a day stored as its UTC midnight shows as that day, a clock time as its local day", () => {
    const due = field("activities", "dueAt");
    expect(toInput(due, Date.UTC(2031, 2, 14), true)).toBe("2031-03-14");
    expect(fromInput(due, "2031-03-15", true)).toBe("2031-03-15");
    const withClock = new Date(2031, 2, 14, 15, 45).getTime();
    expect(toInput(due, withClock, true)).toBe("2031-03-14");
  });
});

describe("what a save hands to the store", () => {
  it("only what changed is typed; the rest is the record as stored, to the millisecond", () => {
    const fields = formFields(fieldsOf("activities"), formSpecs.activities);
    const dueWithClock = new Date(2031, 2, 14, 15, 45, 12).getTime();
    const row = { id: "a1", kind: "call", subject: "Call", dueAt: dueWithClock, done: false, owner: "u1" };
    const initial = initialValues(fields, row, formSpecs.activities);
    expect(initial.dueAt).toBe("2031-03-14");
    const values = { ...initial, subject: "Call back" };
    expect(changedKeys(values, initial)).toEqual(["subject"]);
    const input = formInput(fields, values, initial, row, formSpecs.activities);
    expect(input).toEqual({ ...row, subject: "Call back" });
    // Changing the day stores the day.
    const moved = formInput(fields, { ...values, dueAt: "2031-03-20" }, initial, row, formSpecs.activities);
    expect(moved.dueAt).toBe("2031-03-20");
    expect(validateRecord("activities", moved).ok && validateRecord("activities", moved)).toMatchObject({
      value: { dueAt: Date.UTC(2031, 2, 20) },
    });
  });

  it("a new record starts from the field defaults and what its link gives; untouched fields stay out", () => {
    const s = withCustom();
    const fields = formFields(fieldsOf("accounts", s));
    const base = newRecordBase(
      new Set(fieldsOf("accounts").map((d) => d.key)),
      new URLSearchParams("account=acc1"),
      formSpecs.accounts,
      "u-me",
      "owner",
    );
    // Accounts have no accountId: only the owner is given.
    expect(base).toEqual({ owner: "u-me" });
    const initial = initialValues(fields, base);
    expect(initial).toMatchObject({
      status: "prospect",
      owner: "u-me",
      cfTier: "",
      cfRegions: [],
      cfKeyAccount: "false",
    });
    const input = formInput(fields, { ...initial, name: "Acme", cfTier: "gold" }, initial, base);
    expect(input).toEqual({ owner: "u-me", name: "Acme", cfTier: "gold" });
    // The required custom money field was left empty: the validator refuses it at the field.
    const result = validateRecord("accounts", input, s);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => [i.field, i.code])).toEqual([["cfBudget", "required"]]);
    expect(validateRecord("accounts", { ...input, cfBudget: "250" }, s)).toMatchObject({
      ok: true,
      value: { cfTier: "gold", cfBudget: 250 },
    });
  });

  it("a contact made from an account's page belongs to it", () => {
    const keys = new Set(fieldsOf("contacts").map((d: FieldDescriptor) => d.key));
    expect(newRecordBase(keys, new URLSearchParams("account=acc1"), formSpecs.contacts, "u-me", undefined)).toEqual({
      accountId: "acc1",
    });
  });
});
