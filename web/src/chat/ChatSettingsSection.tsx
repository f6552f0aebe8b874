import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import { SectionFrame } from "../settings/SectionFrame.js";
import { useSettingsSection } from "../settings/useSettingsSection.js";

/**
 * Settings → Chat: the web pages' origins allowed to embed the chat widget (one per line; the
 * server refuses every other origin), and the one script tag to paste into them.
 */
export function ChatSettingsSection() {
  const { t } = useTranslation();
  const { workspace } = useRuntime();
  const id = useId();
  const section = useSettingsSection(
    "chat",
    (chat) => chat.widgetOrigins.join("\n"),
    (form) => ({ widgetOrigins: form.split(/[\s,]+/).filter(Boolean) }),
  );
  const origins = section.form.split(/[\s,]+/).filter(Boolean);
  const wrong = origins
    .map((origin, i) => ({ origin, issue: section.issue(`widgetOrigins.${i}`) }))
    .filter((o) => o.issue);
  const snippet = `<script src="${location.origin}/widget.js" data-workspace="${workspace}" async></script>`;
  return (
    <SectionFrame section={section} title={t("chat.settings.title")} lead={t("chat.settings.lead")}>
      <div className={`field${wrong.length ? " invalid" : ""}`}>
        <label htmlFor={id}>{t("chat.settings.origins")}</label>
        <textarea
          id={id}
          rows={4}
          value={section.form}
          onChange={(e) => section.setForm(() => e.target.value)}
          aria-invalid={wrong.length ? true : undefined}
          aria-describedby={`${id}-hint`}
          placeholder="https://www.example.com"
        />
        {wrong.map((o) => (
          <p key={o.origin} className="field-error">
            {t("chat.settings.badOrigin", { origin: o.origin })}
          </p>
        ))}
        <p id={`${id}-hint`} className="muted small">
          {t("chat.settings.originsHint")}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-snippet`}>{t("chat.settings.snippet")}</label>
        <input id={`${id}-snippet`} className="mono" readOnly value={snippet} onFocus={(e) => e.target.select()} />
        <p className="muted small">{t("chat.settings.snippetHint")}</p>
      </div>
    </SectionFrame>
  );
}
