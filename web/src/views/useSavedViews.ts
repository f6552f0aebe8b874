import { type CollectionName, savedViewsDocName } from "@crm/schema";
import { useCallback } from "react";
import type * as Y from "yjs";
import { useRuntime } from "../runtime/context.js";
import { useTrackedDoc } from "../runtime/useTrackedDoc.js";
import { listSavedViews, type SavedView } from "./saved.js";

export interface SavedViews {
  /** Null until the document is open (this device's copy first, then synced). */
  doc: Y.Doc | null;
  views: SavedView[];
  problems: string[];
}

const NONE = { views: [], problems: [] };

/**
 * The workspace's saved views of one collection, live, while a list is open: the document is
 * tracked (kept in sync) for as long as the list is mounted, so a teammate's new view appears.
 */
export function useSavedViews(collection: CollectionName): SavedViews {
  const { workspace } = useRuntime();
  const read = useCallback(
    (doc: Y.Doc) => {
      const listed = listSavedViews(doc, collection);
      if (listed.problems.length) console.warn("Saved views skipped:", listed.problems);
      return listed;
    },
    [collection],
  );
  const { doc, value } = useTrackedDoc(savedViewsDocName(workspace), read, NONE);
  return { doc, ...value };
}
