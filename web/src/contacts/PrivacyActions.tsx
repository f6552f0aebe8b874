import { useState } from "react";
import { useTranslation } from "react-i18next";
import { hasKey } from "../i18n/keys.js";
import { ApiError, api, call, NetworkError } from "../runtime/api.js";
import { useIsAdmin, useSession } from "../runtime/session.js";

/**
 * Data-protection requests, for owners and admins: download everything the server stores about
 * this person, or erase it from every copy on the server (record fields and notes). Both need the
 * server and are written to the audit log.
 */
export function PrivacyActions({ contactId, name }: { contactId: string; name: string }) {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const { workspace } = useSession();
  const [message, setMessage] = useState<string | null>(null);
  if (!isAdmin) return null;
  const contact = api.workspaces[":ws"].contacts[":id"];
  const param = { ws: workspace.id, id: encodeURIComponent(contactId) };
  const problem = (err: unknown) =>
    setMessage(
      err instanceof NetworkError
        ? t("team.offline")
        : err instanceof ApiError
          ? hasKey("auth.errors", err.code)
            ? t(`auth.errors.${err.code}`)
            : err.message
          : String(err),
    );
  const exportData = async () => {
    try {
      const data = await call(contact.export.$get({ param }));
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `contact-${contactId}.json`;
      a.click();
      URL.revokeObjectURL(url);
      setMessage(null);
    } catch (err) {
      problem(err);
    }
  };
  const erase = async () => {
    if (!confirm(t("privacy.eraseConfirm", { name }))) return;
    try {
      await call(contact.erase.$post({ param, json: {} }));
      setMessage(t("privacy.erased"));
    } catch (err) {
      problem(err);
    }
  };
  return (
    <section className="card narrow privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{t("privacy.title")}</h2>
      <p className="muted">{t("privacy.lead")}</p>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void exportData()}>
          {t("privacy.export")}
        </button>
        <button type="button" className="button danger-outline" onClick={() => void erase()}>
          {t("privacy.erase")}
        </button>
      </div>
      {message && (
        <p role="status" className="muted">
          {message}
        </p>
      )}
    </section>
  );
}
