import { baseFields } from "./base.js";
import { type CustomFieldDef, customFieldDescriptor } from "./custom.js";
import { builtInPicklists, fullLabel, STAGES_PICKLIST, stageValues } from "./picklists.js";
import { customSqlColumn } from "./sqlNames.js";
import { customSection, type FieldDescriptor, type PicklistValue, type Section } from "./types.js";

/*
 * The fields a record type has in one workspace: its built-in descriptors with the workspace's
 * picklist values, then the custom fields admins defined for it. `WorkspaceSettings` is a
 * `FieldSettings`; so is anything that holds these three parts (a test, the server's copy).
 */

/** The parts of the workspace settings fields depend on. Any part may be absent: then the built-in default. */
export interface FieldSettings {
  /** By definition id. */
  customFields?: Readonly<Record<string, CustomFieldDef>>;
  /** Each admin-edited list's values, in order, by list id. */
  picklists?: Readonly<Record<string, readonly PicklistValue[]>>;
  pipelineStages?: readonly { id: string; label: string }[];
}

/** A list's values in a workspace: its settings, else its built-in defaults; undefined for no such list. */
export function picklistValues(id: string, settings?: FieldSettings): readonly PicklistValue[] | undefined {
  if (id === STAGES_PICKLIST) return settings?.pipelineStages ? stageValues(settings.pipelineStages) : undefined;
  const stored = settings?.picklists?.[id];
  if (stored) return stored.map((v) => ({ ...v, label: fullLabel(v.label) }));
  return builtInPicklists[id]?.values;
}

/**
 * The custom fields of a collection that count, in order. Two admins who, offline, each created
 * a field with the same key end with two definitions of one key: the one with the smaller id
 * wins (on every device alike) and the other is left out, as is one whose key a built-in field has.
 */
export function customFieldsOf(
  collection: string,
  settings: FieldSettings | undefined,
  builtInKeys: ReadonlySet<string>,
): CustomFieldDef[] {
  const winner = new Map<string, CustomFieldDef>();
  for (const def of Object.values(settings?.customFields ?? {})) {
    if (def.collection !== collection || builtInKeys.has(def.key)) continue;
    const other = winner.get(def.key);
    if (!other || def.id < other.id) winner.set(def.key, def);
  }
  return [...winner.values()].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const cache = new WeakMap<object, Map<readonly FieldDescriptor[], FieldDescriptor[]>>();

/**
 * `builtIn` (a record type's descriptors) as the workspace has them: picklists with the
 * settings' values, then the custom fields (retired ones too, flagged `retired`). Without
 * settings, the built-in descriptors as declared. The result is cached per settings object:
 * treat it as read-only.
 */
export function effectiveFields(
  builtIn: readonly FieldDescriptor[],
  collection: string,
  settings?: FieldSettings,
): readonly FieldDescriptor[] {
  if (!settings) return builtIn;
  const perType = cache.get(settings) ?? new Map<readonly FieldDescriptor[], FieldDescriptor[]>();
  cache.set(settings, perType);
  const hit = perType.get(builtIn);
  if (hit) return hit;
  const out = builtIn.map((d) => {
    const values = d.picklist ? picklistValues(d.picklist, settings) : undefined;
    return values ? { ...d, values } : d;
  });
  const sections: Section[] = [];
  for (const d of builtIn) if (!sections.some((s) => s.id === d.section.id)) sections.push(d.section);
  sections.push(customSection);
  const keys = new Set(builtIn.map((d) => d.key));
  // Custom columns are named after the built-in ones, in order (sqlNames.ts).
  const columns = new Set([...baseFields, ...builtIn].flatMap((d) => (d.sql ? [d.sql.column] : [])));
  for (const def of customFieldsOf(collection, settings, keys)) {
    const d = customFieldDescriptor(def, def.picklist ? picklistValues(def.picklist, settings) : undefined, sections);
    if (d.sql) {
      d.sql = { ...d.sql, column: customSqlColumn(d.key, columns) };
      columns.add(d.sql.column);
    }
    out.push(d);
  }
  perType.set(builtIn, out);
  return out;
}
