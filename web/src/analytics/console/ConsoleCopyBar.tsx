import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../ui/dates.js";

/*
 * What the console works on, said where one types: its own copy of the data, taken at a given
 * time, that nothing here sends back; and the way to a fresh copy.
 */

export function ConsoleCopyBar(props: {
  copiedAt: number;
  stale: boolean;
  resetting: boolean;
  disabled: boolean;
  onReset: () => void;
}) {
  const { t, i18n } = useTranslation();
  const time = formatDateTime(i18n.language, props.copiedAt);
  return (
    <div className="analytics-copy-bar" data-testid="console-copy">
      <p>
        {t("analytics.sql.copy", { time })}
        {props.stale && <strong className="analytics-copy-stale"> {t("analytics.sql.copyStale")}</strong>}
      </p>
      <button
        type="button"
        className="analytics-button secondary small"
        disabled={props.resetting || props.disabled}
        onClick={props.onReset}
        aria-describedby="analytics-reset-hint"
      >
        {props.resetting ? t("analytics.sql.resetting") : t("analytics.sql.reset")}
      </button>
      <p id="analytics-reset-hint" className="analytics-muted">
        {t("analytics.sql.resetHint")}
      </p>
    </div>
  );
}
