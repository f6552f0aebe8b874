import { noteDocName } from "@crm/schema";
import { useEffect, useMemo, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { useRuntime } from "../runtime/context.js";
import { useTrackedDoc } from "../runtime/useTrackedDoc.js";

export interface NoteDoc {
  doc: Y.Doc;
  awareness: Awareness;
  /** Whose notes: the record's type (`account`, `case`) and id. */
  typeName: string;
  recordId: string;
}

const nothing = () => null;

/**
 * Opens a record's notes document while the record's page is open: local copy first, then kept
 * in sync; announces who is here through its awareness (that is what presence shows).
 */
export function useNoteDoc(typeName: string, recordId: string): NoteDoc | null {
  const runtime = useRuntime();
  const { doc, awareness } = useTrackedDoc(noteDocName(runtime.workspace, typeName, recordId), nothing, null);
  const { id, name, color } = runtime.me;
  useEffect(() => {
    // Record documents keep a null local state (nobody "is" on a shard); a note announces its reader.
    awareness?.setLocalState({ user: { id, name, color } });
  }, [awareness, id, name, color]);
  // One object per document: the editor binds to it and must not rebind on a re-render.
  return useMemo(
    () => (doc && awareness ? { doc, awareness, typeName, recordId } : null),
    [doc, awareness, typeName, recordId],
  );
}

export interface PresentUser {
  id: string;
  name: string;
  color: string;
}

/** Everyone else whose awareness says they are on this document, one entry per person. */
export function usePresence(awareness: Awareness | undefined, selfId: string): PresentUser[] {
  const [users, setUsers] = useState<PresentUser[]>([]);
  useEffect(() => {
    if (!awareness) return;
    const compute = () => {
      const byId = new Map<string, PresentUser>();
      for (const [clientId, state] of awareness.getStates()) {
        const u = (state as { user?: PresentUser }).user;
        if (clientId === awareness.clientID || !u?.id || u.id === selfId) continue;
        byId.set(u.id, { id: u.id, name: String(u.name ?? "?"), color: String(u.color ?? "#888") });
      }
      setUsers([...byId.values()].sort((a, b) => a.name.localeCompare(b.name)));
    };
    compute();
    awareness.on("change", compute);
    return () => awareness.off("change", compute);
  }, [awareness, selfId]);
  return users;
}
