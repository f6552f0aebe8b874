import type { CollectionName, FieldSettings } from "@crm/schema";
import { lazy } from "react";
import { useTranslation } from "react-i18next";
import { PopoverButton } from "./PopoverButton.js";
import type { Filter } from "./view.js";

const FilterDialog = lazy(() => import("./FilterDialog.js"));

/** "+ Add filter" and its dialog (FilterDialog.tsx, loaded when first opened). */
export function AddFilter(props: { collection: CollectionName; settings?: FieldSettings; onAdd(f: Filter): void }) {
  const { t } = useTranslation();
  return (
    <PopoverButton label={`+ ${t("views.addFilter")}`} className="add-filter">
      {(close, id) => <FilterDialog {...props} id={id} close={close} />}
    </PopoverButton>
  );
}
