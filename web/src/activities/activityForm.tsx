import { useTranslation } from "react-i18next";
import type { FormSlotProps, FormSlots } from "../fields/RecordFormPage.js";
import { isRelatable } from "./activityRecord.js";
import { RelatedName } from "./RelatedName.js";

/**
 * The activity form's own parts: what it is about comes from the link it was made from
 * (`?type=case&id=…` on a record's page) and is shown, not typed.
 */
export const activitySlots: FormSlots = {
  prefill(params) {
    const type = params.get("type") ?? "";
    const id = params.get("id");
    return isRelatable(type) && id ? { relatedType: type, relatedId: id } : {};
  },
  Part: RelatedLine,
};

function RelatedLine({ base }: FormSlotProps) {
  const { t } = useTranslation();
  if (!base.relatedId) return null;
  return (
    <p className="muted">
      {t("activities.fields.related")}:{" "}
      <RelatedName type={String(base.relatedType ?? "")} id={String(base.relatedId)} link={false} />
    </p>
  );
}
