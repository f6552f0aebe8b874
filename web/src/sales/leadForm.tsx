import { type Lead, LeadType, scoreLead } from "@crm/schema";
import { useTranslation } from "react-i18next";
import type { FormSlotProps, FormSlots } from "../fields/RecordFormPage.js";

/** The lead form's score: computed from the workspace's rules on every save, never typed. */
export const leadSlots: FormSlots = {
  complete: (input, { settings }) => ({
    ...input,
    score: scoreLead({ ...LeadType.defaults(), ...input } as Partial<Lead>, settings.leadScoring.rules).score,
  }),
  Part: Score,
};

function Score({ values, settings }: FormSlotProps) {
  const { t } = useTranslation();
  const score = scoreLead({ ...LeadType.defaults(), ...values } as Partial<Lead>, settings.leadScoring.rules).score;
  return (
    <p className="muted small">
      {t("sales.leads.fields.score")}: {score}
    </p>
  );
}
