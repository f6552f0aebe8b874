import { defaultSettings, readSettings, settingsDocName, type WorkspaceSettings } from "@crm/schema";
import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { useRuntime } from "../app/runtime-context.js";

/**
 * The workspace settings, live: the defaults at once (no spinner), then what the settings document
 * holds once it is open, and every change a teammate or this tab makes to it. The document is kept
 * in sync while a component uses it; `doc` is null until it is open (editors wait for it).
 */
export function useWorkspaceSettings(): { settings: WorkspaceSettings; doc: Y.Doc | null } {
  const runtime = useRuntime();
  const [state, setState] = useState<{ settings: WorkspaceSettings; doc: Y.Doc | null }>(() => ({
    settings: defaultSettings(),
    doc: null,
  }));
  useEffect(() => {
    let cancelled = false;
    let release: (() => void) | null = null;
    let off: (() => void) | null = null;
    void runtime.track(settingsDocName(runtime.workspace)).then(async (t) => {
      if (cancelled) return t.release();
      release = t.release;
      const doc = await runtime.store.openDoc(settingsDocName(runtime.workspace));
      const read = () => setState({ settings: readSettings(doc).settings, doc });
      doc.on("update", read);
      off = () => doc.off("update", read);
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
