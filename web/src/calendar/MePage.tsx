import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { LoggingAddressSection } from "../emailLog/LoggingAddressSection.js";
import { useSession } from "../runtime/session.js";
import { formatDateTime } from "../ui/dates.js";
import { FormError } from "../ui/FormError.js";
import { createFeed, FeedError, type FeedState, feedState, revokeFeed } from "./feedApi.js";

/** `/me`: what belongs to the signed-in person alone — their calendar feed and email logging address. */
export default function MePage() {
  const { t } = useTranslation();
  return (
    <div className="page me-page">
      <h1>{t("calendar.title")}</h1>
      <p className="muted">{t("calendar.lead")}</p>
      <CalendarFeedSection />
      <LoggingAddressSection />
    </div>
  );
}

function CalendarFeedSection() {
  const { t, i18n } = useTranslation();
  const { workspace } = useSession();
  const [state, setState] = useState<FeedState | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const addressRef = useRef<HTMLInputElement>(null);
  const ws = workspace.id;

  const run = useCallback(
    async (work: () => Promise<void>) => {
      setBusy(true);
      setProblem(null);
      setNotice(null);
      try {
        await work();
      } catch (err) {
        setProblem(
          err instanceof FeedError && err.offline
            ? t("calendar.feed.offline")
            : t("calendar.feed.failed", { message: (err as Error).message }),
        );
      } finally {
        setBusy(false);
      }
    },
    [t],
  );

  useEffect(() => {
    void run(async () => setState(await feedState(ws)));
  }, [ws, run]);

  useEffect(() => {
    if (url) addressRef.current?.focus();
  }, [url]);

  const create = () =>
    run(async () => {
      setUrl(await createFeed(ws));
      setCopied(false);
      setState(await feedState(ws));
    });
  const revoke = () =>
    run(async () => {
      await revokeFeed(ws);
      setUrl(null);
      setState({ active: false });
      setNotice(t("calendar.feed.revoked"));
    });

  const when = (at: number) => formatDateTime(i18n.language, at);
  return (
    <section className="card" aria-labelledby="calendar-feed-h" aria-busy={busy || undefined}>
      <h2 id="calendar-feed-h">{t("calendar.feed.title")}</h2>
      <p>{t("calendar.feed.lead")}</p>
      <p className="muted">{t("calendar.feed.private")}</p>
      <FormError message={problem} />
      {notice && <output className="muted">{notice}</output>}
      {state && !state.active && <p>{t("calendar.feed.none")}</p>}
      {state?.active && (
        <p>
          {t("calendar.feed.active", { when: when(state.createdAt) })}{" "}
          {state.lastFetchedAt
            ? t("calendar.feed.lastRead", { when: when(state.lastFetchedAt) })
            : t("calendar.feed.neverRead")}
        </p>
      )}
      {url && (
        <>
          <div className="copy-field">
            <label>
              <span>{t("calendar.feed.address")}</span>
              <input ref={addressRef} readOnly value={url} onFocus={(e) => e.target.select()} />
            </label>
            <button
              type="button"
              className="button small"
              onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}
            >
              {copied ? t("calendar.feed.copied") : t("calendar.feed.copy")}
            </button>
          </div>
          <p className="muted small">{t("calendar.feed.once")}</p>
          <p>
            <a href={url.replace(/^https?:/, "webcal:")}>{t("calendar.feed.subscribe")}</a>
          </p>
        </>
      )}
      {state && (
        <div className="form-actions">
          <button type="button" className="button primary" disabled={busy} onClick={() => void create()}>
            {state.active ? t("calendar.feed.regenerate") : t("calendar.feed.create")}
          </button>
          {state.active && (
            <button type="button" className="button danger-outline" disabled={busy} onClick={() => void revoke()}>
              {t("calendar.feed.revoke")}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
