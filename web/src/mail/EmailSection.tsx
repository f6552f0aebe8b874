import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useIsAdmin, useSession } from "../runtime/session.js";
import { CopyButton } from "./CopyButton.js";
import { MailLog } from "./MailLog.js";
import { type MailStatus, mailApi } from "./mailApi.js";
import { useMailProblemText } from "./useMailProblemText.js";
import "./mail.css";

/*
 * Settings → Email (owners and admins): is SMTP configured and reachable (Check), is there a DKIM
 * key, which DNS records to publish (SPF, DKIM, DMARC, each with a copy button), and the
 * workspace's outbox and mail log. Configuration itself is the server's environment (SMTP_URL,
 * MAIL_FROM, DKIM_*): the page shows what is set, it does not change it.
 */

function SmtpState({ status, checking }: { status: MailStatus; checking: boolean }) {
  const { t } = useTranslation();
  const s = status.smtp;
  if (!s.configured)
    return (
      <>
        <span className="badge mail-warn">{t("mail.setup.notConfigured")}</span>
        <p className="muted small">{t("mail.setup.notConfiguredHelp")}</p>
      </>
    );
  return (
    <>
      <span className="mono">{s.url}</span>{" "}
      {checking ? (
        <span className="muted">{t("mail.setup.checking")}</span>
      ) : s.reachable === true ? (
        <span className="badge mail-ok">{t("mail.setup.reachable")}</span>
      ) : s.reachable === false ? (
        <>
          <span className="badge mail-bad">{t("mail.setup.unreachable")}</span>
          <div className="muted small mono">{s.answer}</div>
        </>
      ) : (
        <span className="muted small">{t("mail.setup.notChecked")}</span>
      )}
    </>
  );
}

/** The last check per workspace: a language switch or a visit to another tab keeps what it found. */
const lastCheck = new Map<string, MailStatus>();

export function EmailSection() {
  const { t } = useTranslation();
  const { workspace } = useSession();
  const isAdmin = useIsAdmin();
  const problemText = useMailProblemText();
  const ws = workspace.id;
  const [status, setStatus] = useState<MailStatus | null>(() => lastCheck.get(workspace.id) ?? null);
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!isAdmin) return;
    if (lastCheck.has(ws)) return;
    mailApi.status(ws).then(setStatus, (err) => setProblem(problemText(err)));
  }, [isAdmin, ws, problemText]);

  const check = async () => {
    setChecking(true);
    try {
      const checked = await mailApi.check(ws);
      lastCheck.set(ws, checked);
      setStatus(checked);
      setProblem(null);
    } catch (err) {
      setProblem(problemText(err));
    } finally {
      setChecking(false);
    }
  };

  if (!isAdmin)
    return (
      <section className="card settings-section" aria-labelledby="settings-title">
        <h1 id="settings-title">{t("mail.title")}</h1>
        <p className="muted">{t("mail.lead")}</p>
        <p className="settings-readonly" role="note">
          {t("mail.adminsOnly")}
        </p>
      </section>
    );

  return (
    <div className="settings-section mail-section">
      <section className="card" aria-labelledby="settings-title">
        <h1 id="settings-title">{t("mail.title")}</h1>
        <p className="muted">{t("mail.lead")}</p>
        {problem && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        {!status && !problem && <p className="muted">{t("mail.loading")}</p>}
        {status && (
          <>
            <dl className="mail-setup">
              <dt>{t("mail.setup.smtp")}</dt>
              <dd data-testid="mail-smtp" aria-live="polite">
                <SmtpState status={status} checking={checking} />
              </dd>
              <dt>{t("mail.setup.dkim")}</dt>
              <dd data-testid="mail-dkim">
                {status.dkim.present ? (
                  <>
                    <span className="badge mail-ok">{t("mail.setup.dkimPresent")}</span>{" "}
                    <span className="mono">
                      {status.dkim.selector}._domainkey.{status.dkim.domain}
                    </span>
                  </>
                ) : (
                  <>
                    <span className="badge mail-warn">{t("mail.setup.dkimMissing")}</span>
                    <p className="muted small">{status.dkim.problem ?? t("mail.setup.dkimHelp")}</p>
                  </>
                )}
              </dd>
              <dt>{t("mail.setup.from")}</dt>
              <dd className="mono">{status.from}</dd>
            </dl>
            <button
              type="button"
              className="button"
              disabled={checking || !status.smtp.configured}
              onClick={() => void check()}
            >
              {checking ? t("mail.setup.checking") : t("mail.setup.check")}
            </button>
          </>
        )}
      </section>
      {status && (
        <section className="card" aria-labelledby="mail-dns-h">
          <h2 id="mail-dns-h">{t("mail.dns.title")}</h2>
          <p className="muted small">{t("mail.dns.lead")}</p>
          <table className="table mail-dns">
            <thead>
              <tr>
                <th scope="col">{t("mail.dns.record")}</th>
                <th scope="col">{t("mail.dns.name")}</th>
                <th scope="col">{t("mail.dns.value")}</th>
                <th scope="col">
                  <span className="sr-only">{t("mail.copy")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {status.dns.map((r) => (
                <tr key={r.kind} data-record={r.kind}>
                  <td>
                    {t(`mail.dns.${r.kind}`)} <span className="muted small">{r.type}</span>
                  </td>
                  <td className="mono mail-wrap">{r.name}</td>
                  <td className="mono mail-wrap">{r.value}</td>
                  <td className="actions">
                    <CopyButton value={r.value} label={t(`mail.dns.${r.kind}`)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!status.dkim.present && <p className="muted small">{t("mail.dns.noDkim")}</p>}
        </section>
      )}
      <MailLog workspace={ws} />
    </div>
  );
}
