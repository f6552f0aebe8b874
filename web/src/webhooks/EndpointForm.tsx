import { recordTypes } from "@crm/schema";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useProblemText } from "./useProblemText.js";
import { type Endpoint, Problem } from "./webhooksApi.js";

/*
 * The "Add an endpoint" form: the URL, an optional description and the events — every event, a
 * grid of record types × created/updated/deleted, and the events rules send. Refusals name the
 * field: checked here first (empty URL, no event), then the server's 422 (the SSRF guard, an
 * unknown event) lands on the field it names, and focus moves to the first one in error.
 */

const KINDS = ["created", "updated", "deleted"] as const;
const URL_CODES = ["required", "scheme", "credentials", "invalid", "forbidden-address", "unresolvable", "too-long"];
const EVENT_CODES = ["required", "unknown-event"];

export function EndpointForm(props: {
  /** Focus the URL field when the form appears (it replaces the secret panel). */
  focusUrl?: boolean;
  create(input: { url: string; events: string[]; description?: string }): Promise<Endpoint & { secret: string }>;
  onCreated(endpoint: Endpoint & { secret: string }): void;
}) {
  const { t, i18n } = useTranslation();
  const problemText = useProblemText();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [all, setAll] = useState(false);
  const [rules, setRules] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [urlError, setUrlError] = useState<string | null>(null);
  const [eventsError, setEventsError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const urlRef = useRef<HTMLInputElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the form appears
  useEffect(() => {
    if (props.focusUrl) urlRef.current?.focus();
  }, []);
  const eventsRef = useRef<HTMLInputElement>(null);
  // A record type a later issue adds is shown by its collection name until it has a label.
  const typeLabel = (c: string) => (i18n.exists(`data.types.${c}`) ? t(`data.types.${c as "accounts"}`) : c);
  const collections = Object.keys(recordTypes);

  const events = all ? ["*"] : [...(rules ? ["rule.*"] : []), ...selected];
  const toggle = (event: string, on: boolean) => {
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(event);
      else next.delete(event);
      return next;
    });
    setEventsError(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const uErr = url.trim() ? null : t("webhooks.errors.url.required");
    const eErr = events.length ? null : t("webhooks.errors.events.required");
    setUrlError(uErr);
    setEventsError(eErr);
    if (uErr) return urlRef.current?.focus();
    if (eErr) return eventsRef.current?.focus();
    setBusy(true);
    try {
      const made = await props.create({ url: url.trim(), events, ...(description.trim() ? { description } : {}) });
      setUrl("");
      setDescription("");
      setAll(false);
      setRules(false);
      setSelected(new Set());
      props.onCreated(made);
    } catch (err) {
      const fields = err instanceof Problem ? err.errors : [];
      const onUrl = fields.find((f) => f.field === "url");
      const onEvents = fields.find((f) => f.field.startsWith("events"));
      if (onUrl)
        setUrlError(
          URL_CODES.includes(onUrl.code) ? t(`webhooks.errors.url.${onUrl.code as "required"}`) : onUrl.message,
        );
      if (onEvents)
        setEventsError(
          EVENT_CODES.includes(onEvents.code)
            ? t(`webhooks.errors.events.${onEvents.code as "required"}`)
            : onEvents.message,
        );
      if (onUrl) urlRef.current?.focus();
      else if (onEvents) eventsRef.current?.focus();
      else setFormError(problemText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form webhook-form" noValidate onSubmit={submit} aria-labelledby="webhook-add-h">
      <h2 id="webhook-add-h">{t("webhooks.add.title")}</h2>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className={`field${urlError ? " invalid" : ""}`}>
        <label htmlFor="webhook-url">{t("webhooks.add.url")}</label>
        <input
          id="webhook-url"
          ref={urlRef}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          value={url}
          placeholder="https://"
          aria-invalid={urlError ? true : undefined}
          aria-describedby={urlError ? "webhook-url-error webhook-url-help" : "webhook-url-help"}
          onChange={(e) => {
            setUrl(e.target.value);
            setUrlError(null);
          }}
        />
        <p id="webhook-url-help" className="field-help">
          {t("webhooks.add.urlHelp")}
        </p>
        {urlError && (
          <p id="webhook-url-error" className="field-error" role="alert">
            {urlError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="webhook-description">{t("webhooks.add.description")}</label>
        <input
          id="webhook-description"
          value={description}
          maxLength={200}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <fieldset aria-describedby={eventsError ? "webhook-events-error" : "webhook-events-help"}>
        <legend>{t("webhooks.add.events")}</legend>
        <p id="webhook-events-help" className="field-help">
          {t("webhooks.add.eventsHelp")}
        </p>
        <label className="check">
          <input
            ref={eventsRef}
            type="checkbox"
            checked={all}
            aria-invalid={eventsError ? true : undefined}
            onChange={(e) => {
              setAll(e.target.checked);
              setEventsError(null);
            }}
          />
          {t("webhooks.add.all")} <code>*</code>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={all || rules}
            disabled={all}
            onChange={(e) => {
              setRules(e.target.checked);
              setEventsError(null);
            }}
          />
          {t("webhooks.add.rules")} <code>rule.*</code>
        </label>
        <table className="table webhook-events">
          <thead>
            <tr>
              <th scope="col">{t("webhooks.add.recordType")}</th>
              {KINDS.map((k) => (
                <th scope="col" key={k}>
                  {t(`webhooks.add.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {collections.map((c) => (
              <tr key={c}>
                <th scope="row">{typeLabel(c)}</th>
                {KINDS.map((k) => (
                  <td key={k}>
                    <input
                      type="checkbox"
                      aria-label={t("webhooks.add.eventOf", { type: typeLabel(c), kind: t(`webhooks.add.${k}`) })}
                      title={`${c}.${k}`}
                      checked={all || selected.has(`${c}.${k}`)}
                      disabled={all}
                      onChange={(e) => toggle(`${c}.${k}`, e.target.checked)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {eventsError && (
          <p id="webhook-events-error" className="field-error" role="alert">
            {eventsError}
          </p>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t("webhooks.add.adding") : t("webhooks.add.submit")}
        </button>
      </div>
    </form>
  );
}
