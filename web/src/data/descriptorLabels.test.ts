import { type CollectionName, fieldsOf, recordTypes } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { testT } from "../i18n/forTests.js";
import { isKey } from "../i18n/keys.js";

/*
 * schema's field descriptors carry their labels in both languages; the badges and filters that
 * still name fixed choices through the screens' own strings must say the same, so that a form, a
 * list, an import and an export never name one value two ways.
 */

/** Where the screens keep the labels of each fixed choice they show. */
const VALUE_LABELS: Partial<Record<CollectionName, Record<string, string>>> = {
  accounts: { status: "accounts.statuses" },
  leads: { source: "sales.leads.sources", status: "sales.leads.statuses" },
  quotes: { status: "sales.quotes.statuses" },
  orders: { status: "sales.orders.statuses" },
  cases: {
    category: "service.categories",
    status: "service.statuses",
    priority: "service.priorities",
    channel: "service.channels",
  },
  activities: { kind: "activities.kinds", relatedType: "activities.types" },
};

describe("field descriptors and the screens' strings", () => {
  it("name every value of a fixed choice as the screens do", async () => {
    for (const lang of ["en", "zh"] as const) {
      const t = await testT(lang);
      for (const c of Object.keys(recordTypes) as CollectionName[])
        for (const d of fieldsOf(c)) {
          const prefix = VALUE_LABELS[c]?.[d.key];
          if (prefix && d.values)
            for (const v of d.values) {
              const key = `${prefix}.${v.value}`;
              expect(v.label[lang], `${lang} ${c}.${d.key}=${v.value}`).toBe(isKey(key) ? t(key) : `no string ${key}`);
            }
        }
    }
  });
});
