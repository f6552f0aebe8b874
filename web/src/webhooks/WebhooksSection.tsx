import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useIsAdmin, useSession } from "../runtime/session.js";
import { formatDateTime } from "../ui/dates.js";
import { useServerList } from "../ui/useServerList.js";
import { DeliveryLog } from "./DeliveryLog.js";
import { EndpointForm } from "./EndpointForm.js";
import { ActionsTable, ProblemAlert } from "./ListParts.js";
import { useProblemText } from "./useProblemText.js";
import { type Endpoint, webhooksApi } from "./webhooksApi.js";
import "./webhooks.css";

/*
 * Settings → Webhooks (owners and admins): the endpoints with their events and state, adding one
 * (its signing secret shown once, with a copy button), enabling/disabling, deleting, and each
 * endpoint's delivery log with Redeliver. Everything talks to `/api/v1/webhooks`.
 */

function SecretPanel({ endpoint, onDone }: { endpoint: Endpoint & { secret: string }; onDone(): void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section className="webhook-secret" aria-labelledby="webhook-secret-h">
      <h2 id="webhook-secret-h" ref={ref} tabIndex={-1}>
        {t("webhooks.secret.title", { url: endpoint.url })}
      </h2>
      <div className="copy-field">
        <label>
          <span>{t("webhooks.secret.label")}</span>
          <input readOnly value={endpoint.secret} onFocus={(e) => e.target.select()} />
        </label>
        <button
          type="button"
          className="button small"
          onClick={() => {
            void navigator.clipboard?.writeText(endpoint.secret).then(() => setCopied(true));
          }}
        >
          {copied ? t("webhooks.secret.copied") : t("webhooks.secret.copy")}
        </button>
      </div>
      <p className="muted small">{t("webhooks.secret.once")}</p>
      <button type="button" className="button" onClick={onDone}>
        {t("webhooks.secret.done")}
      </button>
    </section>
  );
}

function EventsText({ events }: { events: string[] }) {
  const { t } = useTranslation();
  if (events.includes("*")) return <>{t("webhooks.list.allEvents")}</>;
  if (events.length <= 3) return <code>{events.join(", ")}</code>;
  return (
    <span title={events.join(", ")}>
      {t("webhooks.list.moreEvents", { first: events.slice(0, 2).join(", "), count: events.length - 2 })}
    </span>
  );
}

export function WebhooksSection() {
  const { t, i18n } = useTranslation();
  const { workspace } = useSession();
  const isAdmin = useIsAdmin();
  const ws = workspace.id;
  const fetchList = useCallback(() => webhooksApi.list(ws), [ws]);
  const { items: endpoints, problem, load, act } = useServerList<Endpoint>(fetchList, useProblemText());
  const [secret, setSecret] = useState<(Endpoint & { secret: string }) | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  // After the secret is put away, focus returns to the form it came from (for the next endpoint).
  const [focusForm, setFocusForm] = useState(false);

  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);

  if (!isAdmin)
    return (
      <section className="card settings-section" aria-labelledby="settings-title">
        <h1 id="settings-title">{t("webhooks.title")}</h1>
        <p className="muted">{t("webhooks.lead")}</p>
        <p className="settings-readonly" role="note">
          {t("webhooks.adminsOnly")}
        </p>
      </section>
    );

  return (
    <div className="settings-section webhooks-section">
      <section className="card" aria-labelledby="settings-title">
        <h1 id="settings-title">{t("webhooks.title")}</h1>
        <p className="muted">{t("webhooks.lead")}</p>
        {secret ? (
          <SecretPanel
            endpoint={secret}
            onDone={() => {
              setSecret(null);
              setFocusForm(true);
            }}
          />
        ) : (
          <EndpointForm
            focusUrl={focusForm}
            create={(input) => webhooksApi.create(ws, input)}
            onCreated={(made) => {
              setSecret(made);
              void load();
            }}
          />
        )}
      </section>
      <section className="card" aria-labelledby="webhook-list-h">
        <h2 id="webhook-list-h">{t("webhooks.list.title")}</h2>
        <ProblemAlert problem={problem} />
        {!endpoints && !problem && <p className="muted">{t("webhooks.loading")}</p>}
        {endpoints && endpoints.length === 0 && <p className="empty-note muted">{t("webhooks.list.empty")}</p>}
        {endpoints && endpoints.length > 0 && (
          <ActionsTable
            className="webhook-endpoints"
            headings={[t("webhooks.list.url"), t("webhooks.list.events"), t("webhooks.list.status")]}
          >
            {endpoints.map((e) => (
              <tr key={e.id} data-endpoint={e.id}>
                <td>
                  <span className="mono webhook-url">{e.url}</span>
                  {e.description && <div className="muted small">{e.description}</div>}
                  {e.source === "rest-hook" && <div className="muted small">{t("webhooks.list.restHook")}</div>}
                </td>
                <td>
                  <EventsText events={e.events} />
                </td>
                <td>
                  <span className={`badge webhook-${e.status}`}>{t(`webhooks.status.${e.status}`)}</span>
                  {e.disabledReason && <div className="muted small">{t(`webhooks.reason.${e.disabledReason}`)}</div>}
                  {e.status === "failing" && e.failingSince && (
                    <div className="muted small">
                      {t("webhooks.reason.failingSince", {
                        count: e.consecutiveFailures,
                        when: formatDateTime(i18n.language, e.failingSince),
                      })}
                    </div>
                  )}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button small"
                    aria-expanded={open === e.id}
                    aria-label={`${open === e.id ? t("webhooks.list.hideDeliveries") : t("webhooks.list.deliveries")} · ${e.url}`}
                    onClick={() => setOpen(open === e.id ? null : e.id)}
                  >
                    {open === e.id ? t("webhooks.list.hideDeliveries") : t("webhooks.list.deliveries")}
                  </button>
                  <button
                    type="button"
                    className="button small"
                    aria-label={`${e.enabled ? t("webhooks.list.disable") : t("webhooks.list.enable")} · ${e.url}`}
                    onClick={() => void act(() => webhooksApi.setEnabled(ws, e.id, !e.enabled))}
                  >
                    {e.enabled ? t("webhooks.list.disable") : t("webhooks.list.enable")}
                  </button>
                  {confirming === e.id ? (
                    <span className="confirm">
                      <span>{t("webhooks.list.confirmDelete")}</span>
                      <button
                        type="button"
                        className="button small danger"
                        autoFocus
                        onKeyDown={(k) => k.key === "Escape" && setConfirming(null)}
                        onClick={() => {
                          setConfirming(null);
                          if (open === e.id) setOpen(null);
                          void act(() => webhooksApi.remove(ws, e.id));
                        }}
                      >
                        {t("webhooks.list.delete")}
                      </button>
                      <button type="button" className="button small" onClick={() => setConfirming(null)}>
                        {t("webhooks.list.cancel")}
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="button small danger-outline"
                      aria-label={`${t("webhooks.list.delete")} · ${e.url}`}
                      onClick={() => setConfirming(e.id)}
                    >
                      {t("webhooks.list.delete")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </ActionsTable>
        )}
        {open && endpoints?.some((e) => e.id === open) && (
          <DeliveryLog workspace={ws} endpoint={endpoints.find((e) => e.id === open)!} />
        )}
      </section>
    </div>
  );
}
