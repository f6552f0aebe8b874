import { savedQueriesDocName } from "@crm/schema";
import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { useRuntime } from "../../app/runtime-context.js";
import { listSavedQueries, queriesMap, type SavedQuery } from "./saved-queries.js";

export interface SavedQueries {
  /** Null until the document is open (from this device's copy first, then synced). */
  doc: Y.Doc | null;
  awareness: Awareness | null;
  queries: SavedQuery[];
  /** Entries another client wrote in a shape this version cannot read. */
  problems: string[];
}

/**
 * The workspace's saved queries, live, while the console is open: the document is tracked (kept
 * in sync) for as long as a component uses this, and the list follows every change, a teammate's
 * title edit included. The awareness carries who is here, so their carets show in the editor.
 */
export function useSavedQueries(): SavedQueries {
  const runtime = useRuntime();
  const [state, setState] = useState<SavedQueries>({ doc: null, awareness: null, queries: [], problems: [] });
  useEffect(() => {
    const name = savedQueriesDocName(runtime.workspace);
    let cancelled = false;
    let release: (() => void) | null = null;
    let off: (() => void) | null = null;
    void runtime.track(name).then(async (t) => {
      if (cancelled) return t.release();
      release = t.release;
      const doc = await runtime.store.openDoc(name);
      if (cancelled) return;
      const { id, name: userName, color } = runtime.me;
      // y-codemirror.next draws remote carets from `user` (name, color, and a light color for selections).
      t.awareness.setLocalState({ user: { id, name: userName, color, colorLight: `${color}33` } });
      const read = () => setState({ doc, awareness: t.awareness, ...listSavedQueries(doc) });
      const map = queriesMap(doc);
      map.observeDeep(read);
      off = () => map.unobserveDeep(read);
      read();
    });
    return () => {
      cancelled = true;
      off?.();
      release?.();
    };
  }, [runtime]);
  return state;
}
