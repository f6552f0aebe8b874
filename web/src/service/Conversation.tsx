import type { AttachmentMeta, CaseMessage } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Row } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { formatWhen } from "./SlaTimer.js";

/*
 * A case's conversation (caseMessages), oldest first, live: an email the server files while the
 * page is open appears without a reload (the peer's write reaches this device's Dexie table).
 *
 * HTML mail was sanitised on the server (peer/src/inbound/sanitize.ts) and is shown again inside
 * a sandboxed frame: `sandbox` without allow-scripts or allow-same-origin (no script runs, the
 * frame's document has an opaque origin and cannot reach the app), and a CSP of its own that
 * loads nothing — no styles sheets, fonts or frames, images only from data: URLs — until the agent
 * presses "Show images", which puts the remote images' URLs back for that message only.
 * Plain text is rendered as text.
 */

/** `reply`: the agent's reply box (ReplyBox), under the thread; absent for roles that may not reply. */
export function Conversation({ caseId, reply }: { caseId: string; reply?: ReactNode }) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const messages = useLiveQuery(
    async () => (await db.caseMessages.where("caseId").equals(caseId).sortBy("sortKey")) as Row<CaseMessage>[],
    [db, caseId],
  );
  const live = messages?.filter((m) => !m.deletedAt);
  return (
    <section className="card conversation" aria-labelledby="conversation-title">
      <h2 id="conversation-title">{t("service.conversation.title")}</h2>
      {live && live.length === 0 && <p className="muted">{t("service.conversation.empty")}</p>}
      <ol className="conversation-list">
        {live?.map((m) => (
          <li key={m.id}>
            <Message message={m} />
          </li>
        ))}
      </ol>
      {reply}
    </section>
  );
}

function Message({ message: m }: { message: Row<CaseMessage> }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const from = m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress;
  return (
    <article className={`mail ${m.direction}`} aria-labelledby={headingId}>
      <header className="mail-head">
        <span className="badge">{t(`service.conversation.directions.${m.direction}`)}</span>
        <h3 id={headingId} className="mail-subject">
          {m.subject || t("service.conversation.noSubject")}
        </h3>
        <dl className="mail-meta">
          <dt>{t("service.conversation.from")}</dt>
          <dd>{from || "—"}</dd>
          {m.to && (
            <>
              <dt>{t("service.conversation.to")}</dt>
              <dd>{m.to}</dd>
            </>
          )}
          <dt>{t("service.conversation.when")}</dt>
          <dd>{formatWhen(i18n.language, m.sentAt)}</dd>
        </dl>
      </header>
      {m.html ? <MailHtml html={m.html} title={m.subject || from} /> : <div className="mail-text">{m.text}</div>}
      {m.attachments.length > 0 && <Attachments items={m.attachments} />}
    </article>
  );
}

const REMOTE = / data-remote-src="/g;

/** The frame's own document: a CSP that loads nothing remote unless `images`. */
export function mailDocument(html: string, images: boolean): string {
  const img = images ? "data: https: http:" : "data:";
  return [
    "<!doctype html><html><head><meta charset=utf-8>",
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${img}; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'">`,
    '<base target="_blank">',
    "<style>body{font:14px/1.5 system-ui,sans-serif;margin:8px;color:#1f2328;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style>",
    "</head><body>",
    images ? html.replace(REMOTE, ' src="') : html,
    "</body></html>",
  ].join("");
}

function MailHtml({ html, title }: { html: string; title: string }) {
  const { t } = useTranslation();
  const [images, setImages] = useState(false);
  const remote = (html.match(REMOTE) ?? []).length;
  return (
    <div className="mail-html">
      {remote > 0 && !images && (
        <p className="mail-images" role="note">
          <span>{t("service.conversation.imagesBlocked", { count: remote })}</span>{" "}
          <button type="button" className="button small" onClick={() => setImages(true)}>
            {t("service.conversation.showImages")}
          </button>
        </p>
      )}
      <iframe
        title={t("service.conversation.frameTitle", { subject: title })}
        // No allow-scripts, no allow-same-origin: an opaque origin where nothing runs. Popups
        // only so a link opens in a new tab (outside the sandbox), never inside the app.
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        srcDoc={mailDocument(html, images)}
      />
    </div>
  );
}

function Attachments({ items }: { items: AttachmentMeta[] }) {
  const { t } = useTranslation();
  const { workspace } = useRuntime();
  const [failed, setFailed] = useState<string | null>(null);
  const download = async (a: AttachmentMeta) => {
    setFailed(null);
    try {
      const res = await fetch(`/api/v1/inbound/attachments/${encodeURIComponent(a.id)}`, {
        credentials: "same-origin",
        headers: { "CRM-Workspace": workspace },
      });
      if (!res.ok) throw new Error(String(res.status));
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = a.filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setFailed(a.filename);
    }
  };
  return (
    <div className="mail-attachments">
      <h4>{t("service.conversation.attachments")}</h4>
      <ul className="plain-list">
        {items.map((a, i) => (
          <li key={a.id || `${a.filename}-${i}`}>
            {a.refused ? (
              <span className="muted">
                {a.filename} — {t(`service.conversation.refused.${a.refused === "tooLarge" ? "tooLarge" : "type"}`)}
              </span>
            ) : (
              <button type="button" className="link-button" onClick={() => void download(a)}>
                {t("service.conversation.download", { name: a.filename, size: Math.max(1, Math.round(a.size / 1024)) })}
              </button>
            )}
          </li>
        ))}
      </ul>
      {failed && <p role="alert">{t("service.conversation.downloadFailed", { name: failed })}</p>}
    </div>
  );
}
