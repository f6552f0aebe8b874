import type { FormEvent, ReactNode } from "react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { focusFirstInvalid } from "../ui/Field.js";
import { useLeaveGuard } from "./useLeaveGuard.js";
import type { SettingsSection } from "./useSettingsSection.js";

/**
 * The frame every settings section shares: its title, why read-only people cannot change it,
 * the conflict notice, the error summary and the explicit Save changes / Discard. The fields are
 * inside one fieldset, disabled for read-only roles, so no control can be changed by them.
 */
export function SectionFrame(props: {
  // biome-ignore lint/suspicious/noExplicitAny: the frame only saves and discards, whatever the section holds
  section: SettingsSection<any, unknown>;
  title: string;
  lead: string;
  /** A check of things the schema cannot see (deals in a deleted stage); a message refuses the save. */
  beforeSave?: () => string | null;
  /** A message of the last refused save from `beforeSave`. */
  refusal?: string | null;
  savedText?: string;
  /** Also forget the section's own messages (a refused delete) when the draft is discarded. */
  onDiscard?: () => void;
  /** Above the fields and usable by everyone (which record type, which list is shown). */
  toolbar?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { section } = props;
  const conflictRef = useRef<HTMLDivElement>(null);
  useLeaveGuard(section.state === "dirty" || section.state === "conflict");
  const discard = () => {
    section.discard();
    props.onDiscard?.();
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (section.state === "conflict") {
      conflictRef.current?.focus();
      return;
    }
    if (props.beforeSave?.()) return;
    if (!section.save()) focusFirstInvalid(form);
  };
  return (
    <form className="card form settings-section" noValidate onSubmit={submit} aria-labelledby="settings-title">
      <h1 id="settings-title">{props.title}</h1>
      <p className="muted">{props.lead}</p>
      {!section.canWrite && (
        <p className="settings-readonly" role="note">
          {t("settings.readOnly")}
        </p>
      )}
      {section.state === "conflict" && (
        <div className="settings-conflict" role="alert" tabIndex={-1} ref={conflictRef}>
          <strong>{t("settings.conflict.title")}</strong>
          <p>{t("settings.conflict.body")}</p>
          <div className="form-actions">
            <button type="button" className="button" onClick={discard}>
              {t("settings.discard")}
            </button>
            <button type="button" className="button danger-outline" onClick={() => section.save(true)}>
              {t("settings.conflict.replace")}
            </button>
          </div>
        </div>
      )}
      {props.toolbar}
      {section.issues.length > 0 && (
        <p className="form-error" role="alert">
          {t("errors.summary")}
        </p>
      )}
      {props.refusal && (
        <p className="form-error" role="alert">
          {props.refusal}
        </p>
      )}
      {section.state === "loading" ? (
        <p className="muted">{t("settings.loading")}</p>
      ) : (
        <fieldset className="settings-fields" disabled={!section.canWrite}>
          {props.children}
        </fieldset>
      )}
      {section.canWrite && (
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={section.state === "loading"}>
            {t("settings.save")}
          </button>
          <button
            type="button"
            className="button"
            disabled={section.state === "clean" || section.state === "loading"}
            onClick={discard}
          >
            {t("settings.discard")}
          </button>
          {section.saved && section.state === "clean" ? (
            <span role="status" className="muted">
              {props.savedText ?? t("settings.saved")}
            </span>
          ) : (
            (section.state === "dirty" || section.state === "conflict") && (
              <span className="muted small">{t("settings.unsaved")}</span>
            )
          )}
        </div>
      )}
    </form>
  );
}
