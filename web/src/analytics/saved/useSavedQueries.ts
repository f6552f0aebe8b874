import { savedQueriesDocName } from "@crm/schema";
import { useEffect } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { useRuntime } from "../../runtime/context.js";
import { useTrackedDoc } from "../../runtime/useTrackedDoc.js";
import { listSavedQueries, type SavedQuery } from "./savedQueries.js";

export interface SavedQueries {
  /** Null until the document is open (from this device's copy first, then synced). */
  doc: Y.Doc | null;
  awareness: Awareness | null;
  queries: SavedQuery[];
  /** Entries another client wrote in a shape this version cannot read. */
  problems: string[];
}

const NONE = { queries: [], problems: [] };

/**
 * The workspace's saved queries, live, while the console is open: the document is tracked (kept
 * in sync) for as long as a component uses this, and the list follows every change, a teammate's
 * title edit included. The awareness carries who is here, so their carets show in the editor.
 */
export function useSavedQueries(): SavedQueries {
  const runtime = useRuntime();
  const { doc, awareness, value } = useTrackedDoc(savedQueriesDocName(runtime.workspace), listSavedQueries, NONE);
  const { id, name, color } = runtime.me;
  useEffect(() => {
    // y-codemirror.next draws remote carets from `user` (name, color, and a light color for selections).
    awareness?.setLocalState({ user: { id, name, color, colorLight: `${color}33` } });
  }, [awareness, id, name, color]);
  return { doc, awareness, ...value };
}
