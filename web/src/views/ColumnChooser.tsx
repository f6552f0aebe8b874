import { lazy } from "react";
import { useTranslation } from "react-i18next";
import { PopoverButton } from "./PopoverButton.js";
import type { ChooserModel } from "./useListColumns.js";

const ColumnsDialog = lazy(() => import("./ColumnsDialog.js"));

/** "Columns" and its dialog (ColumnsDialog.tsx, loaded when first opened). */
export function ColumnChooser(props: {
  model: ChooserModel;
  /** The columns to show, in order; undefined: the list's defaults. */
  onChange(columns: string[] | undefined): void;
}) {
  const { t } = useTranslation();
  return (
    <PopoverButton label={t("views.columns.button")} className="column-chooser">
      {(close, id) => <ColumnsDialog {...props} id={id} close={close} />}
    </PopoverButton>
  );
}
