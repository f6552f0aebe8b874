import { defaultSettings, readSettings, settingsDocName, type WorkspaceSettings } from "@crm/schema";
import type * as Y from "yjs";
import { useRuntime } from "./context.js";
import { useTrackedDoc } from "./useTrackedDoc.js";

const DEFAULTS = defaultSettings();
const readWorkspaceSettings = (doc: Y.Doc) => readSettings(doc).settings;

/**
 * The workspace settings, live: the defaults at once (no spinner), then what the settings document
 * holds once it is open, and every change a teammate or this tab makes to it. The document is kept
 * in sync while a component uses it; `doc` is null until it is open (editors wait for it).
 */
export function useWorkspaceSettings(): { settings: WorkspaceSettings; doc: Y.Doc | null } {
  const { workspace } = useRuntime();
  const { doc, value } = useTrackedDoc(settingsDocName(workspace), readWorkspaceSettings, DEFAULTS);
  return { settings: value, doc };
}
