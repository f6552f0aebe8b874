import { formatMoney, type PipelineStage, type WorkspaceSettings } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { stageLabeller } from "../data/columns.js";
import { useWorkspaceSettings } from "../runtime/settings.js";

/**
 * The workspace settings, live: defaults until the settings document is read from IndexedDB
 * (no spinner; a new workspace simply has the defaults), then whatever an admin or a teammate
 * writes, as it arrives.
 */
export function useSettings(): WorkspaceSettings {
  return useWorkspaceSettings().settings;
}

/**
 * The same, but null until the settings document has been read: for what must not start with
 * the defaults (analytics loads its tables with the workspace's custom fields as columns).
 */
export function useStoredSettings(): WorkspaceSettings | null {
  const { settings, doc } = useWorkspaceSettings();
  return doc ? settings : null;
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
