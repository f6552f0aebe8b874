import type { CollectionName } from "@crm/schema";
import * as Y from "yjs";
import { checkView, type View } from "./view.js";

/*
 * The workspace's saved list views: ONE Yjs document per workspace (`savedViewsDocName`), like
 * the SQL console's saved queries, so a view one person saves shows up for everyone at once.
 *
 *   Y.Map "views": id → Y.Map { name, collection, spec, createdBy, createdAt, updatedAt, deletedAt }
 *
 * A view's spec is a plain value, replaced whole by "update with current": two people changing
 * the same view's filters at once should end with one of the two views, not a mix of both.
 * The name is a plain string too (renames are rare and short). Deleting stamps deletedAt.
 * Another client may have written anything, so every entry is checked (zod, then the
 * collection's field table) and a malformed one is skipped and reported, never shown.
 */

export interface SavedView {
  id: string;
  name: string;
  collection: CollectionName;
  view: View;
  createdBy: string;
  createdAt: number;
}

export const VIEWS_KEY = "views";

export function viewsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(VIEWS_KEY);
}

/** The live views of one collection, by name, and what could not be read (naming the field). */
export function listSavedViews(doc: Y.Doc, collection: CollectionName): { views: SavedView[]; problems: string[] } {
  const views: SavedView[] = [];
  const problems: string[] = [];
  for (const [id, entry] of viewsMap(doc)) {
    if (!(entry instanceof Y.Map)) {
      problems.push(`saved view ${id}: not a map`);
      continue;
    }
    if (entry.get("collection") !== collection || entry.get("deletedAt")) continue;
    const name = entry.get("name");
    const createdBy = entry.get("createdBy");
    const createdAt = entry.get("createdAt");
    if (typeof name !== "string" || !name.trim()) {
      problems.push(`saved view ${id}: name is not a text`);
      continue;
    }
    if (typeof createdBy !== "string" || typeof createdAt !== "number") {
      problems.push(`saved view ${id}: createdBy/createdAt missing`);
      continue;
    }
    const checked = checkView(collection, entry.get("spec"));
    if (!checked.ok) {
      problems.push(`saved view ${id}: ${checked.issues.map((i) => `${i.path} ${i.message}`).join("; ")}`);
      continue;
    }
    views.push({ id, name, collection, view: checked.view, createdBy, createdAt });
  }
  views.sort((a, b) => a.name.localeCompare(b.name) || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  return { views, problems };
}

/** Validates a name and a view before they go into the shared document. */
function checked(collection: CollectionName, name: string, view: View): { name: string; spec: View } {
  const trimmed = name.trim();
  if (!trimmed) throw new Error("name: a saved view needs a name");
  if (trimmed.length > 80) throw new Error("name: at most 80 characters");
  const result = checkView(collection, view);
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  return { name: trimmed, spec: result.view };
}

export function createSavedView(
  doc: Y.Doc,
  init: { collection: CollectionName; name: string; view: View; createdBy: string; now: number; id?: string },
): string {
  const { name, spec } = checked(init.collection, init.name, init.view);
  const id = init.id ?? crypto.randomUUID();
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set("name", name);
    entry.set("collection", init.collection);
    entry.set("spec", spec);
    entry.set("createdBy", init.createdBy);
    entry.set("createdAt", init.now);
    entry.set("updatedAt", init.now);
    entry.set("deletedAt", null);
    viewsMap(doc).set(id, entry);
  });
  return id;
}

function entryOf(doc: Y.Doc, id: string): Y.Map<unknown> {
  const entry = viewsMap(doc).get(id);
  if (!(entry instanceof Y.Map)) throw new Error(`saved view ${id} does not exist`);
  return entry;
}

export function renameSavedView(doc: Y.Doc, id: string, name: string, now: number): void {
  const entry = entryOf(doc, id);
  const { name: trimmed } = checked(entry.get("collection") as CollectionName, name, {
    filters: [],
    mine: false,
    query: "",
  });
  doc.transact(() => {
    entry.set("name", trimmed);
    entry.set("updatedAt", now);
  });
}

/** "Update with current": the saved view becomes the view on screen. */
export function updateSavedView(doc: Y.Doc, id: string, view: View, now: number): void {
  const entry = entryOf(doc, id);
  const { spec } = checked(entry.get("collection") as CollectionName, String(entry.get("name")), view);
  doc.transact(() => {
    entry.set("spec", spec);
    entry.set("updatedAt", now);
  });
}

export function deleteSavedView(doc: Y.Doc, id: string, now: number): void {
  entryOf(doc, id).set("deletedAt", now);
}
