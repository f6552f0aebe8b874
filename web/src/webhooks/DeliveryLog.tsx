import { Fragment, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../ui/dates.js";
import { useServerList } from "../ui/useServerList.js";
import { ActionsTable, ProblemAlert } from "./ListParts.js";
import { useProblemText } from "./useProblemText.js";
import { type Delivery, type Endpoint, webhooksApi } from "./webhooksApi.js";

/*
 * One endpoint's delivery log, newest first: each attempt's time, event, result and duration,
 * with the request (headers, body) and the response (status, headers, start of the body) behind a
 * disclosure, and Redeliver — a new attempt of the same message (same webhook-id), sent now.
 */

function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}

export function DeliveryLog({ workspace, endpoint }: { workspace: string; endpoint: Endpoint }) {
  const { t, i18n } = useTranslation();
  const fetchList = useCallback(() => webhooksApi.deliveries(workspace, endpoint.id), [workspace, endpoint.id]);
  const { items, problem, load, act } = useServerList<Delivery>(fetchList, useProblemText());
  const [sending, setSending] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void load();
  }, [load]);
  // Opening the log takes the reader to it (once, not on every reload).
  useEffect(() => headingRef.current?.focus(), []);

  const redeliver = async (d: Delivery) => {
    setSending(d.id);
    await act(() => webhooksApi.redeliver(workspace, endpoint.id, d.id));
    setSending(null);
  };

  return (
    <section className="webhook-log" aria-labelledby={`log-${endpoint.id}`}>
      <div className="card-head">
        <h3 id={`log-${endpoint.id}`} ref={headingRef} tabIndex={-1}>
          {t("webhooks.log.title", { url: endpoint.url })}
        </h3>
        <button type="button" className="button small" onClick={() => void load()}>
          {t("webhooks.log.refresh")}
        </button>
      </div>
      <ProblemAlert problem={problem} />
      {items && items.length === 0 && <p className="muted">{t("webhooks.log.empty")}</p>}
      {items && items.length > 0 && (
        <ActionsTable
          className="webhook-deliveries"
          headings={[
            t("webhooks.log.when"),
            t("webhooks.log.event"),
            t("webhooks.log.result"),
            t("webhooks.log.duration"),
          ]}
        >
          {items.map((d) => {
            const when = formatDateTime(i18n.language, d.at);
            return (
              <Fragment key={d.id}>
                <tr data-delivery={d.id} className="webhook-delivery">
                  <td className="nowrap">
                    {when}
                    <div className="muted small">
                      {d.trigger === "redeliver"
                        ? t("webhooks.log.manual")
                        : t("webhooks.log.attempt", { n: d.attempt })}
                    </div>
                  </td>
                  <td>
                    <code>{d.event}</code>
                  </td>
                  <td>
                    <span className={`badge webhook-${d.ok ? "ok" : "failed"}`}>
                      {d.response ? d.response.status : t("webhooks.log.failed")}
                    </span>
                    {!d.ok && d.error && <div className="muted small">{d.error}</div>}
                  </td>
                  <td className="nowrap">{t("webhooks.log.ms", { ms: d.durationMs })}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button small"
                      disabled={sending !== null}
                      onClick={() => void redeliver(d)}
                    >
                      {sending === d.id ? t("webhooks.log.redelivering") : t("webhooks.log.redeliver")}
                    </button>
                  </td>
                </tr>
                <tr className="webhook-detail-row">
                  <td colSpan={5}>
                    <details className="webhook-details">
                      <summary>{t("webhooks.log.details", { event: d.event, when })}</summary>
                      <p className="small">
                        {t("webhooks.log.webhookId")}: <code>{d.webhookId}</code>
                      </p>
                      <h4>{t("webhooks.log.request")}</h4>
                      <pre className="mono">{`POST ${d.request.url}\n${headerLines(d.request.headers)}\n\n${d.request.body}`}</pre>
                      <h4>{t("webhooks.log.response")}</h4>
                      <pre className="mono">
                        {d.response
                          ? `${d.response.status}\n${headerLines(d.response.headers)}\n\n${d.response.body}`
                          : t("webhooks.log.noResponse", { error: d.error ?? "" })}
                      </pre>
                    </details>
                  </td>
                </tr>
              </Fragment>
            );
          })}
        </ActionsTable>
      )}
    </section>
  );
}
