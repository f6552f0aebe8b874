import type { CollectionName } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { useSettings, useStageLabel } from "../sales/useSettings.js";
import { usePersonLabel } from "../ui/Person.js";
import { historyValue } from "./historyFields.js";

/**
 * A stored field value as the reader reads it on the record's screens (historyFields.ts), in their
 * language, with the workspace's currency and stage names, people's names, and the names of the
 * referenced records the caller found (`titles`: id → name).
 */
export function useValueText(
  collection: CollectionName,
  titles: Readonly<Record<string, string>>,
): (field: string, value: unknown) => string {
  const { t, i18n } = useTranslation();
  const settings = useSettings();
  const stageLabel = useStageLabel();
  const person = usePersonLabel();
  const ctx = {
    t,
    lang: i18n.language === "zh" ? "zh" : "en",
    currency: settings.currency,
    stage: (id: string) => {
      const stage = settings.pipelineStages.find((s) => s.id === id);
      return stage ? stageLabel(stage) : id;
    },
    person: (id: string) => person(id).text,
    title: (id: string) => titles[id],
  };
  return (field, value) => historyValue(collection, field, value, ctx);
}
