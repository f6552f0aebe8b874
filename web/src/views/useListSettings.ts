import { defaultSettings, readSettings, settingsDocName, type WorkspaceSettings } from "@crm/schema";
import { useEffect, useState } from "react";
import { useRuntime } from "../runtime/context.js";

export interface ListSettings {
  /** The defaults until the settings document is read, then its settings, live. */
  settings: WorkspaceSettings;
  /** The document has been read: custom fields, picklist values and stages are the workspace's. */
  ready: boolean;
}

/**
 * The workspace settings a list needs (custom fields, picklist values and their order, the
 * currency), live. The plain list does not need them for its first rows — its columns start from
 * the built-in descriptors — so the document is opened at the first idle moment after them (the
 * startup benchmark times that paint); `eager` (a filtered, sorted or grouped view, which waits
 * for them) opens it at once.
 */
export function useListSettings(eager: boolean): ListSettings {
  const runtime = useRuntime();
  const [state, setState] = useState<ListSettings>(() => ({ settings: defaultSettings(), ready: false }));
  const [start, setStart] = useState(eager);
  useEffect(() => {
    if (start) return;
    if (eager) return setStart(true);
    if (typeof requestIdleCallback !== "function") {
      const timer = setTimeout(() => setStart(true), 200);
      return () => clearTimeout(timer);
    }
    const handle = requestIdleCallback(() => setStart(true), { timeout: 1000 });
    return () => cancelIdleCallback(handle);
  }, [eager, start]);
  useEffect(() => {
    if (!start) return;
    const name = settingsDocName(runtime.workspace);
    let cancelled = false;
    let release: (() => void) | null = null;
    let off: (() => void) | null = null;
    void runtime.track(name).then(async (t) => {
      if (cancelled) return t.release();
      release = t.release;
      const doc = await runtime.store.openDoc(name);
      if (cancelled) return;
      const read = () => setState({ settings: readSettings(doc).settings, ready: true });
      doc.on("update", read);
      off = () => doc.off("update", read);
      read();
    });
    return () => {
      cancelled = true;
      off?.();
      release?.();
    };
  }, [runtime, start]);
  return state;
}
