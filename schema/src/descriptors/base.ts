import { resolveField } from "./spec.js";
import type { FieldDescriptor } from "./types.js";

/*
 * The fields every record carries (record.ts `BaseRecord`), as descriptors for lists, filters,
 * exports and the API: read-only, never on a form, never imported (an import makes new records).
 */

const system = { readOnly: true, import: false } as const;

export const baseFields: readonly FieldDescriptor[] = [
  resolveField("id", {
    kind: "text",
    label: { en: "ID", zh: "ID" },
    ...system,
    list: false,
    sort: false,
    maxLength: 40,
  }),
  resolveField("createdAt", { kind: "dateTime", label: { en: "Created", zh: "创建时间" }, ...system }),
  resolveField("createdBy", { kind: "person", label: { en: "Created by", zh: "创建人" }, ...system }),
  resolveField("updatedAt", { kind: "dateTime", label: { en: "Last changed", zh: "最后修改" }, ...system }),
  resolveField("updatedBy", { kind: "person", label: { en: "Last changed by", zh: "最后修改人" }, ...system }),
];
