import type { CannedResponse } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { type KeyboardEvent, useContext, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CannedPicker } from "../canned/CannedPicker.js";
import { fillMergeFields, type MergeProblem, mergeContext } from "../canned/merge.js";
import { useRuntime } from "../runtime/context.js";
import { RestApiError, restApi } from "../runtime/restApi.js";
import { SessionContext } from "../runtime/session.js";
import { useWorkspaceSettings } from "../runtime/settings.js";

/*
 * The agent's reply under a case's conversation: `POST /api/v1/cases/{id}/replies` (peer/src/
 * replies) writes the outbound entry — it reaches this device like any record and shows in the
 * thread above — and sends it to the customer. One Idempotency-Key per draft: pressing Send again
 * after a lost answer does not send the mail twice.
 *
 * Canned responses (Settings → Canned responses) are inserted at the caret by a picker (its button
 * or Alt+/), their merge fields filled for this case; a field that failed or came out empty is
 * listed above Send until the agent inserts another or sends.
 */

interface Sent {
  mail: { to: string; outbox: boolean };
}

type Outcome = { kind: "sent"; to: string; outbox: boolean } | { kind: "failed"; problem: string } | null;

export function ReplyBox({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { workspace, db, me } = useRuntime();
  const user = useContext(SessionContext)?.session.user;
  const { settings } = useWorkspaceSettings();
  const [picking, setPicking] = useState(false);
  const [problems, setProblems] = useState<MergeProblem[]>([]);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const subject = useLiveQuery(async () => {
    const theCase = await db.cases.get(caseId);
    if (!theCase) return null;
    const contact = theCase.contactId ? await db.contacts.get(theCase.contactId) : undefined;
    const account = theCase.accountId ? await db.accounts.get(theCase.accountId) : undefined;
    return { theCase, contact, account };
  }, [db, caseId]);
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
      setProblems([]);
      setOutcome({ kind: "sent", to: sent.mail.to, outbox: sent.mail.outbox });
    } catch (err) {
      const problem = err instanceof RestApiError ? err.message : t("service.reply.unreachable");
      setOutcome({ kind: "failed", problem });
    } finally {
      setBusy(false);
    }
  };

  const insert = async (response: CannedResponse) => {
    setPicking(false);
    const context = mergeContext({
      theCase: {
        id: caseId,
        subject: subject?.theCase.subject ?? "",
        status: subject?.theCase.status ?? "",
        priority: subject?.theCase.priority ?? "",
      },
      contact: subject?.contact,
      account: subject?.account,
      agent: { name: user?.name ?? me.name, email: user?.email ?? "" },
    });
    const filled = await fillMergeFields(response.body, context);
    const area = textRef.current;
    const start = area?.selectionStart ?? text.length;
    const end = area?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + filled.text + text.slice(end);
    setText(next);
    setProblems(filled.problems);
    if (outcome?.kind === "sent") setOutcome(null);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + filled.text.length, start + filled.text.length);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "/" && e.altKey) {
      e.preventDefault();
      setPicking(true);
      return;
    }
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
        ref={textRef}
        id={`${id}-text`}
        className="reply-text"
        rows={5}
        value={text}
        aria-describedby={`${id}-hint ${id}-canned-hint`}
        onChange={(e) => {
          setText(e.target.value);
          if (outcome?.kind === "sent") setOutcome(null);
        }}
        onKeyDown={onKeyDown}
      />
      {problems.length > 0 && (
        <div role="alert" className="canned-problems">
          <p>{t("canned.problems")}</p>
          <ul>
            {problems.map((p) => (
              <li key={p.field}>
                {p.reason === "failed"
                  ? t("canned.failed", { field: p.field, interpolation: { escapeValue: false } })
                  : t("canned.emptyField", { field: p.field, interpolation: { escapeValue: false } })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="reply-actions">
        <span id={`${id}-hint`} className="muted small">
          {t("service.reply.hint")} <span id={`${id}-canned-hint`}>{t("canned.shortcut")}</span>
        </span>
        <button type="button" className="button" aria-haspopup="dialog" onClick={() => setPicking(true)}>
          {t("canned.insert")}
        </button>
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
      {picking && (
        <CannedPicker
          responses={settings.cannedResponses}
          onPick={(r) => void insert(r)}
          onClose={() => {
            setPicking(false);
            textRef.current?.focus();
          }}
        />
      )}
      {outcome?.kind === "failed" && (
        <p role="alert" className="error">
          {t("service.reply.failed", { problem: outcome.problem })}
        </p>
      )}
    </form>
  );
}
