import { describe, expect, it } from "vitest";
import { exportableFields, fieldsOf, sqlColumnsOf } from "../fieldsOf.js";
import { defaultSettings } from "../settings.js";
import { addCustomField, type NewCustomField } from "../settingsFields.js";
import { customSqlColumn } from "./sqlNames.js";

/** Settings with the given custom fields added in order, as the Settings screen adds them. */
function withFields(...fields: NewCustomField[]) {
  let s = { ...defaultSettings(), customFields: {}, picklists: {} } as ReturnType<typeof defaultSettings>;
  fields.forEach((f, i) => {
    s = { ...s, ...addCustomField(s, f, `field-${i}`) };
  });
  return s;
}

const label = (en: string) => ({ en, zh: "" });

describe("a custom field's analytics column", () => {
  it("is its key in snake_case without the cf prefix", () => {
    const s = withFields(
      {
        collection: "accounts",
        kind: "picklist",
        label: label("Tier"),
        values: [{ value: "gold", label: { en: "Gold", zh: "金牌" } }],
      },
      { collection: "accounts", kind: "text", label: label("Contract tier") },
      { collection: "accounts", kind: "number", label: label("NPS 2026") },
    );
    const columns = Object.fromEntries(sqlColumnsOf("accounts", s).map((c) => [c.key, `${c.column} ${c.type}`]));
    expect(columns).toMatchObject({
      cfTier: "tier VARCHAR",
      cfContractTier: "contract_tier VARCHAR",
      cfNps2026: "nps2026 DOUBLE",
      name: "name VARCHAR",
    });
  });

  it("takes the cf_ prefix only when the plain name is a built-in column, taken, or reserved", () => {
    const s = withFields(
      { collection: "accounts", kind: "text", label: label("Name") },
      { collection: "accounts", kind: "text", label: label("Created at") },
      { collection: "accounts", kind: "number", label: label("Order") },
      { collection: "accounts", kind: "text", label: label("Region") },
      { collection: "contacts", kind: "text", label: label("Name") },
    );
    const columns = Object.fromEntries(sqlColumnsOf("accounts", s).map((c) => [c.key, c.column]));
    expect(columns).toMatchObject({
      name: "name",
      cfName: "cf_name",
      createdAt: "created_at",
      cfCreatedAt: "cf_created_at",
      cfOrder: "cf_order",
      cfRegion: "region",
    });
    // Contacts have first_name and last_name but no `name`: there the plain name is free.
    expect(sqlColumnsOf("contacts", s).find((c) => c.key === "cfName")?.column).toBe("name");
    expect(customSqlColumn("cfTier", new Set(["tier", "cf_tier", "cf_tier_2"]))).toBe("cf_tier_3");
    expect(customSqlColumn("cfGroup", new Set())).toBe("cf_group");
    expect(customSqlColumn("cfLeft", new Set())).toBe("cf_left");
  });

  it("keeps its name when another custom field is retired, and leaves SQL when it is retired itself", () => {
    const s = withFields(
      { collection: "accounts", kind: "text", label: label("Tier") },
      { collection: "accounts", kind: "text", label: label("Segment") },
    );
    const first = Object.values(s.customFields).find((d) => d.key === "cfTier")!;
    const retired = { ...s, customFields: { ...s.customFields, [first.id]: { ...first, retired: true } } };
    const columns = sqlColumnsOf("accounts", retired).map((c) => c.column);
    expect(columns).toContain("segment");
    expect(columns).not.toContain("tier");
    // Exports keep the retired field's column: its values are still stored.
    expect(exportableFields("accounts", retired).map((f) => f.key)).toContain("cfTier");
    expect(fieldsOf("accounts", retired, { live: true }).map((f) => f.key)).not.toContain("cfTier");
  });
});
