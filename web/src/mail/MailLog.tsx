import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../ui/dates.js";
import { framedHtml, type MailEntry, type MailMessage, mailApi } from "./mailApi.js";
import { useMailProblemText } from "./useMailProblemText.js";

/*
 * The workspace's outbox and mail log, newest first: to, subject, when, what happened (sent;
 * failed with the SMTP server's answer; "Not delivered — configure SMTP" in outbox mode). Opening
 * one shows its headers as composed, its text, and its HTML in a sandboxed frame that runs no
 * script and loads nothing.
 */

function StatusCell({ m }: { m: MailEntry }) {
  const { t } = useTranslation();
  const tone = { sent: "ok", failed: "bad", outbox: "warn", deferred: "warn", suppressed: "muted", queued: "muted" }[
    m.status
  ];
  return (
    <>
      <span className={`badge mail-${tone}`}>{t(`mail.log.status.${m.status}`)}</span>
      {(m.status === "failed" || m.status === "deferred") && m.response && (
        <div className="muted small mono">{m.response}</div>
      )}
    </>
  );
}

function MessageView({ message, onClose }: { message: MailMessage; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section
      className="mail-message"
      aria-labelledby="mail-message-h"
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
    >
      <div className="card-head">
        <h3 id="mail-message-h" ref={ref} tabIndex={-1}>
          {message.subject}
        </h3>
        <button type="button" className="button small" onClick={onClose}>
          {t("mail.log.close")}
        </button>
      </div>
      <p className="small">
        {t("mail.log.toWhen", { to: message.to, when: formatDateTime(i18n.language, message.createdAt) })} ·{" "}
        <StatusCell m={message} />
      </p>
      <h4>{t("mail.log.headers")}</h4>
      <pre className="mono" data-testid="mail-headers">
        {message.headers}
      </pre>
      <h4>{t("mail.log.text")}</h4>
      <pre className="mono" data-testid="mail-text">
        {message.text}
      </pre>
      {message.html !== null && (
        <>
          <h4>{t("mail.log.html")}</h4>
          <iframe
            className="mail-html"
            title={t("mail.log.htmlFrame", { subject: message.subject })}
            sandbox=""
            referrerPolicy="no-referrer"
            srcDoc={framedHtml(message.html)}
          />
        </>
      )}
    </section>
  );
}

export function MailLog({ workspace }: { workspace: string }) {
  const { t, i18n } = useTranslation();
  const problemText = useMailProblemText();
  const [items, setItems] = useState<MailEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState<MailMessage | null>(null);
  const openerRef = useRef<HTMLButtonElement | null>(null);

  const load = useCallback(async () => {
    try {
      setItems(await mailApi.messages(workspace));
      setProblem(null);
    } catch (err) {
      setProblem(problemText(err));
    }
  }, [workspace, problemText]);

  useEffect(() => {
    void load();
  }, [load]);

  const show = async (m: MailEntry, button: HTMLButtonElement) => {
    openerRef.current = button;
    try {
      setOpen(await mailApi.message(workspace, m.id));
    } catch (err) {
      setProblem(problemText(err));
    }
  };
  const close = () => {
    setOpen(null);
    openerRef.current?.focus();
  };

  return (
    <section className="card" aria-labelledby="mail-log-h">
      <div className="card-head">
        <h2 id="mail-log-h">{t("mail.log.title")}</h2>
        <button type="button" className="button small" onClick={() => void load()}>
          {t("mail.log.refresh")}
        </button>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {items && items.length === 0 && <p className="muted">{t("mail.log.empty")}</p>}
      {items && items.length > 0 && (
        <table className="table mail-log">
          <thead>
            <tr>
              <th scope="col">{t("mail.log.to")}</th>
              <th scope="col">{t("mail.log.subject")}</th>
              <th scope="col">{t("mail.log.when")}</th>
              <th scope="col">{t("mail.log.statusTitle")}</th>
              <th scope="col">
                <span className="sr-only">{t("mail.log.open")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id} data-mail={m.id} aria-current={open?.id === m.id ? "true" : undefined}>
                <td>{m.to}</td>
                <td>{m.subject}</td>
                <td className="nowrap">{formatDateTime(i18n.language, m.createdAt)}</td>
                <td>
                  <StatusCell m={m} />
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button small"
                    aria-label={`${t("mail.log.open")} · ${m.subject}`}
                    onClick={(e) => void show(m, e.currentTarget)}
                  >
                    {t("mail.log.open")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <MessageView message={open} onClose={close} />}
    </section>
  );
}
