import { type CollectionName, savedViewsDocName } from "@crm/schema";
import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { useRuntime } from "../app/runtime-context.js";
import { listSavedViews, type SavedView, viewsMap } from "./saved.js";

export interface SavedViews {
  /** Null until the document is open (this device's copy first, then synced). */
  doc: Y.Doc | null;
  views: SavedView[];
  problems: string[];
}

/**
 * The workspace's saved views of one collection, live, while a list is open: the document is
 * tracked (kept in sync) for as long as the list is mounted, so a teammate's new view appears.
 */
export function useSavedViews(collection: CollectionName): SavedViews {
  const runtime = useRuntime();
  const [state, setState] = useState<SavedViews>({ doc: null, views: [], problems: [] });
  useEffect(() => {
    const name = savedViewsDocName(runtime.workspace);
    let cancelled = false;
    let release: (() => void) | null = null;
    let off: (() => void) | null = null;
    void runtime.track(name).then(async (t) => {
      if (cancelled) return t.release();
      release = t.release;
      const doc = await runtime.store.openDoc(name);
      if (cancelled) return;
      const read = () => {
        const listed = listSavedViews(doc, collection);
        if (listed.problems.length) console.warn("Saved views skipped:", listed.problems);
        setState({ doc, ...listed });
      };
      const map = viewsMap(doc);
      map.observeDeep(read);
      off = () => map.unobserveDeep(read);
      read();
    });
    return () => {
      cancelled = true;
      off?.();
      release?.();
    };
  }, [runtime, collection]);
  return state;
}
