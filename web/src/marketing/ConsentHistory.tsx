import { fieldOf, valueLabel } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import { formatDateTime } from "../ui/dates.js";

/*
 * A contact's marketing email status and its consent history (newest first): each change with
 * when, how, the wording agreed to and where it came from — read from the `consents` records, so
 * a change made anywhere (the sign-up form, an unsubscribe link, an import, a teammate) shows.
 */

export function ConsentHistory({ contactId, status }: { contactId: string; status: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith("zh") ? "zh" : "en";
  const { db } = useRuntime();
  const headingId = useId();
  const consents = useLiveQuery(
    () =>
      db.consents
        .where("contactId")
        .equals(contactId)
        .filter((c) => !c.deletedAt)
        .toArray()
        .then((rows) => rows.sort((a, b) => b.at - a.at)),
    [db, contactId],
  );
  const statusField = fieldOf("contacts", "emailStatus");
  const methodField = fieldOf("consents", "method");
  const label = (v: string) => (statusField ? valueLabel(statusField, v, lang) : v);
  return (
    <section className="card narrow" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("marketing.consent.title")}</h2>
      <p>
        <span className="muted">{t("marketing.status")}: </span>
        <strong data-testid="email-status">{label(status || "none")}</strong>
      </p>
      {consents && consents.length > 0 ? (
        <table className="table">
          <caption className="muted small">{t("marketing.consent.history")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("marketing.consent.when")}</th>
              <th scope="col">{t("marketing.consent.change")}</th>
              <th scope="col">{t("marketing.consent.how")}</th>
              <th scope="col">{t("marketing.consent.wording")}</th>
              <th scope="col">{t("marketing.consent.source")}</th>
            </tr>
          </thead>
          <tbody>
            {consents.map((c) => (
              <tr key={c.id}>
                <td>{formatDateTime(i18n.language, c.at)}</td>
                <td>
                  {label(c.fromStatus)} → {label(c.toStatus)}
                </td>
                <td>{methodField ? valueLabel(methodField, c.method, lang) : c.method}</td>
                <td>{c.wording || "—"}</td>
                <td className="mono small">{c.source || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">{t("marketing.consent.none")}</p>
      )}
    </section>
  );
}
