import { type KeyboardEvent, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import { RestApiError, restApi } from "../runtime/restApi.js";

/*
 * The agent's reply under a case's conversation: `POST /api/v1/cases/{id}/replies` (peer/src/
 * replies) writes the outbound entry — it reaches this device like any record and shows in the
 * thread above — and sends it to the customer. One Idempotency-Key per draft: pressing Send again
 * after a lost answer does not send the mail twice.
 */

interface Sent {
  mail: { to: string; outbox: boolean };
}

type Outcome = { kind: "sent"; to: string; outbox: boolean } | { kind: "failed"; problem: string } | null;

export function ReplyBox({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { workspace } = useRuntime();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const draftKey = useRef<string | null>(null);
  const id = useId();
  const empty = text.trim() === "";

  const send = async () => {
    if (empty || busy) return;
    draftKey.current ??= crypto.randomUUID();
    setBusy(true);
    setOutcome(null);
    try {
      const sent = await restApi<Sent>(workspace, `/cases/${encodeURIComponent(caseId)}/replies`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": draftKey.current },
        body: JSON.stringify({ text }),
      });
      draftKey.current = null;
      setText("");
      setOutcome({ kind: "sent", to: sent.mail.to, outbox: sent.mail.outbox });
    } catch (err) {
      const problem = err instanceof RestApiError ? err.message : t("service.reply.unreachable");
      setOutcome({ kind: "failed", problem });
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <form
      className="reply-box"
      aria-labelledby={`${id}-label`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label id={`${id}-label`} htmlFor={`${id}-text`}>
        {t("service.reply.label")}
      </label>
      <textarea
        id={`${id}-text`}
        className="reply-text"
        rows={5}
        value={text}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setText(e.target.value);
          if (outcome?.kind === "sent") setOutcome(null);
        }}
        onKeyDown={onKeyDown}
      />
      <div className="reply-actions">
        <span id={`${id}-hint`} className="muted small">
          {t("service.reply.hint")}
        </span>
        <button type="submit" className="primary" disabled={empty || busy}>
          {busy ? t("service.reply.sending") : t("service.reply.send")}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {outcome?.kind === "sent" &&
          (outcome.outbox
            ? t("service.reply.outbox", { to: outcome.to })
            : t("service.reply.sent", { to: outcome.to }))}
      </div>
      {outcome?.kind === "failed" && (
        <p role="alert" className="error">
          {t("service.reply.failed", { problem: outcome.problem })}
        </p>
      )}
    </form>
  );
}
