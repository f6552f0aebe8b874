import {
  defaultSettings,
  formatMoney,
  type PipelineStage,
  readSettings,
  settingsDocName,
  type WorkspaceSettings,
} from "@crm/schema";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../app/runtime-context.js";
import { stageLabeller } from "../data/columns.js";

/**
 * The workspace settings, live: defaults until the settings document is read from IndexedDB
 * (no spinner; a new workspace simply has the defaults), then whatever an admin or a teammate
 * writes, as it arrives.
 */
export function useSettings(): WorkspaceSettings {
  const stored = useStoredSettings();
  const [defaults] = useState(defaultSettings);
  return stored ?? defaults;
}

/**
 * The same, but null until the settings document has been read: for what must not start with
 * the defaults (analytics loads its tables with the workspace's custom fields as columns).
 */
export function useStoredSettings(): WorkspaceSettings | null {
  const { track, store, workspace } = useRuntime();
  const [settings, setSettings] = useState<WorkspaceSettings | null>(null);
  useEffect(() => {
    let release: (() => void) | undefined;
    let stop: (() => void) | undefined;
    let cancelled = false;
    const name = settingsDocName(workspace);
    void track(name).then(async (handle) => {
      if (cancelled) return handle.release();
      release = handle.release;
      const doc = await store.openDoc(name);
      if (cancelled) return;
      const read = () => setSettings(readSettings(doc).settings);
      read();
      doc.on("update", read);
      stop = () => doc.off("update", read);
    });
    return () => {
      cancelled = true;
      stop?.();
      release?.();
    };
  }, [track, store, workspace]);
  return settings;
}

/** The reader's locale for numbers and dates. */
export function useLocale(): string {
  const { i18n } = useTranslation();
  return i18n.language === "zh" ? "zh-CN" : "en";
}

/** Formats amounts in the workspace currency, in the reader's language. */
export function useMoney(settings: Pick<WorkspaceSettings, "currency">): (amount: number) => string {
  const locale = useLocale();
  return (amount) => formatMoney(amount, settings.currency, locale);
}

/**
 * A stage's label for the reader: the default pipeline's stages (still named as shipped) in the
 * reader's language; a stage an admin named or renamed exactly as they wrote it.
 */
export function useStageLabel(): (stage: PipelineStage) => string {
  const { t } = useTranslation();
  return stageLabeller(t);
}
