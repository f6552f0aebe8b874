import {
  builtInPicklists,
  type CollectionName,
  fieldsOf,
  type Label,
  newPicklistValue,
  type PicklistValue,
  recordTypes,
  type WorkspaceSettings,
} from "@crm/schema";

/*
 * The Picklists settings: one list's values as a draft. A value records use never silently
 * vanishes: deleting it retires it instead (kept, still valid and labelled, no longer offered),
 * with the number of records that use it; built-in values are only ever retired. Only a value
 * nobody uses on this device is removed, and `writeSettings` is told so (`inUse`).
 */

/** The lists an admin edits: the built-in ones, then each custom picklist field's own. */
export function editableLists(settings: Pick<WorkspaceSettings, "customFields" | "picklists">): string[] {
  const custom = Object.values(settings.customFields)
    .filter((d) => d.picklist && !builtInPicklists[d.picklist])
    .map((d) => d.picklist as string);
  return [...Object.keys(builtInPicklists), ...new Set(custom)];
}

/** Where a list's values are stored: each field (of any type, custom ones too) that draws from it. */
export function fieldsUsing(
  list: string,
  settings: WorkspaceSettings,
): { collection: CollectionName; key: string; multi: boolean }[] {
  const out: { collection: CollectionName; key: string; multi: boolean }[] = [];
  for (const collection of Object.keys(recordTypes) as CollectionName[])
    for (const f of fieldsOf(collection, settings))
      if (f.picklist === list) out.push({ collection, key: f.key, multi: f.kind === "multiPicklist" });
  return out;
}

/** The list's values as the settings hold them (built-in defaults until edited). */
export function listValues(list: string, settings: Pick<WorkspaceSettings, "picklists">): PicklistValue[] {
  return (settings.picklists[list] ?? builtInPicklists[list]?.values ?? []).map((v) => ({
    value: v.value,
    label: { en: v.label.en, zh: v.label.zh },
    ...(v.retired ? { retired: true } : {}),
  }));
}

export type DeleteOutcome =
  | { kind: "deleted" }
  | { kind: "retired"; reason: "inUse"; count: number }
  | { kind: "retired"; reason: "builtIn" };

/**
 * Deleting the value at `index`: removed when nobody uses it and it is not built-in; retired
 * otherwise, saying why (how many records use it).
 */
export function deleteValue(
  values: readonly PicklistValue[],
  index: number,
  list: string,
  used: (value: string) => number,
): { values: PicklistValue[]; outcome: DeleteOutcome } {
  const v = values[index];
  if (!v) return { values: [...values], outcome: { kind: "deleted" } };
  const count = used(v.value);
  const builtIn = builtInPicklists[list]?.values.some((b) => b.value === v.value) ?? false;
  if (count === 0 && !builtIn) return { values: values.filter((_, i) => i !== index), outcome: { kind: "deleted" } };
  const retired = values.map((x, i) => (i === index ? { ...x, retired: true } : x));
  return {
    values: retired,
    outcome: count > 0 ? { kind: "retired", reason: "inUse", count } : { kind: "retired", reason: "builtIn" },
  };
}

/** The list with a value added at its end: its stored value from its English words, fixed from now on. */
export function addValue(values: readonly PicklistValue[], label: Label): PicklistValue[] {
  const clean = { en: label.en.trim(), zh: label.zh.trim() };
  return [...values, { value: newPicklistValue(clean, values), label: clean }];
}

/** Counts, per stored value, one record holding it in any of `keys` (multi-picklists: each listed value). */
export function countRecord(counts: Map<string, number>, r: Record<string, unknown>, keys: readonly string[]): void {
  const seen = new Set<string>();
  for (const key of keys) {
    const v = r[key];
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === "string" && x !== "") seen.add(x);
  }
  for (const x of seen) counts.set(x, (counts.get(x) ?? 0) + 1);
}
