import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import { RestApiError } from "../runtime/restApi.js";
import { chatAgent, followChat } from "./chatApi.js";

/**
 * The reply box of a chat case. While the visitor has the widget open, the agent answers live
 * (the message is stored through the peer and pushed to the widget at once; it shows in the
 * conversation above when it syncs here) and each side sees the other typing. Once the visitor
 * has left, the conversation continues by email: `fallback` (the email reply box) is shown.
 */
export function ChatReply({ caseId, fallback }: { caseId: string; fallback: ReactNode }) {
  const { t } = useTranslation();
  const { workspace } = useRuntime();
  const [visitorHere, setVisitorHere] = useState<boolean | null>(null);
  const [visitorTyping, setVisitorTyping] = useState(false);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const lastTyping = useRef(0);
  const id = useId();

  useEffect(() => {
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    void followChat(
      workspace,
      caseId,
      (e) => {
        if (e.type === "visitor") setVisitorHere(e.online);
        if (e.type === "typing" && e.from === "visitor") {
          setVisitorTyping(true);
          clearTimeout(timer);
          timer = setTimeout(() => setVisitorTyping(false), 4000);
        }
      },
      stop.signal,
    );
    return () => {
      stop.abort();
      clearTimeout(timer);
    };
  }, [workspace, caseId]);

  const send = async () => {
    if (!text.trim() || busy) return;
    setBusy(true);
    setProblem(null);
    try {
      await chatAgent(workspace, `/cases/${encodeURIComponent(caseId)}/messages`, { text });
      setText("");
    } catch (err) {
      setProblem(err instanceof RestApiError ? err.message : t("chat.reply.unreachable"));
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  };

  const typingNote = (
    <p className="muted small" aria-live="polite">
      {visitorTyping ? t("chat.reply.visitorTyping") : ""}
    </p>
  );
  if (visitorHere !== true)
    return (
      <>
        <p className="muted" role="status">
          {visitorHere === null ? t("chat.reply.connecting") : t("chat.reply.visitorLeft")}
        </p>
        {typingNote}
        {fallback}
      </>
    );
  return (
    <form
      className="reply-box"
      aria-labelledby={`${id}-label`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <p role="status" className="chat-live">
        {t("chat.reply.visitorHere")}
      </p>
      <label id={`${id}-label`} htmlFor={`${id}-text`}>
        {t("chat.reply.label")}
      </label>
      <textarea
        id={`${id}-text`}
        className="reply-text"
        rows={3}
        value={text}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setText(e.target.value);
          if (Date.now() - lastTyping.current > 2000) {
            lastTyping.current = Date.now();
            chatAgent(workspace, `/cases/${encodeURIComponent(caseId)}/typing`).catch(() => {});
          }
        }}
        onKeyDown={onKeyDown}
      />
      {typingNote}
      <div className="reply-actions">
        <span id={`${id}-hint`} className="muted small">
          {t("chat.reply.hint")}
        </span>
        <button type="submit" className="button primary" disabled={!text.trim() || busy}>
          {t("chat.reply.send")}
        </button>
      </div>
      {problem && (
        <p role="alert" className="error">
          {t("chat.reply.failed", { problem })}
        </p>
      )}
    </form>
  );
}
