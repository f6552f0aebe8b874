import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { useRuntime } from "./context.js";

export interface TrackedDoc<T> {
  /** Null until this device's copy is open (IndexedDB first; the server's changes follow). */
  doc: Y.Doc | null;
  /** The document's presence, once open: who else is here (notes announce their reader on it). */
  awareness: Awareness | null;
  /** `read(doc)`, again after every change, local or a teammate's; `initial` until open. */
  value: T;
}

interface Open<T> {
  name: string;
  doc: Y.Doc;
  awareness: Awareness;
  value: T;
}

/**
 * Opens a document and keeps it synced while the caller is mounted — the one way a screen reads a
 * document that is not a record shard (settings, saved views, saved queries, a record's notes).
 * `read` turns the document into what the screen shows; pass a stable function (module level or
 * `useCallback`): a new one re-reads. No spinner: `initial` stands in until this device's copy
 * is read, which is a local read.
 */
export function useTrackedDoc<T>(name: string, read: (doc: Y.Doc) => T, initial: T): TrackedDoc<T> {
  const runtime = useRuntime();
  const [open, setOpen] = useState<Open<T> | null>(null);
  useEffect(() => {
    let cancelled = false;
    let release: (() => void) | undefined;
    let stop: (() => void) | undefined;
    void runtime.track(name).then(async (handle) => {
      if (cancelled) return handle.release();
      release = handle.release;
      const doc = await runtime.store.openDoc(name);
      if (cancelled) return;
      const update = () => {
        const value = read(doc);
        // A reading that did not change (a note's text, read by its editor) re-renders nothing.
        setOpen((prev) =>
          prev?.doc === doc && Object.is(prev.value, value) ? prev : { name, doc, awareness: handle.awareness, value },
        );
      };
      update();
      doc.on("update", update);
      stop = () => doc.off("update", update);
    });
    return () => {
      cancelled = true;
      stop?.();
      release?.();
    };
  }, [runtime, name, read]);
  // After a change of name the previous document's reading is not shown, not even for a render.
  if (!open || open.name !== name) return { doc: null, awareness: null, value: initial };
  return { doc: open.doc, awareness: open.awareness, value: open.value };
}
