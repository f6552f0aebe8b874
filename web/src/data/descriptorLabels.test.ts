import { type CollectionName, fieldsOf, recordTypes } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { testT } from "../i18n/forTests.js";
import { isKey } from "../i18n/keys.js";
import { fieldFormat } from "./historyFields.js";
import { fieldLabel } from "./labels.js";

/*
 * schema's field descriptors carry their labels in both languages; until every screen reads them
 * from there, the screens' own strings must say the same, so that a form, a list, an import and
 * an export never name one field two ways.
 */
describe("field descriptors and the screens' strings", () => {
  it("name every built-in field, and every value of its fixed choices, as the screens do", async () => {
    for (const lang of ["en", "zh"] as const) {
      const t = await testT(lang);
      for (const c of Object.keys(recordTypes) as CollectionName[])
        for (const d of fieldsOf(c)) {
          expect(d.label[lang], `${lang} ${c}.${d.key}`).toBe(fieldLabel(t, c, d.key));
          const prefix = fieldFormat(c, d.key)?.values;
          if (prefix && d.values)
            for (const v of d.values) {
              const key = `${prefix}.${v.value}`;
              expect(v.label[lang], `${lang} ${c}.${d.key}=${v.value}`).toBe(isKey(key) ? t(key) : `no string ${key}`);
            }
        }
    }
  });
});
