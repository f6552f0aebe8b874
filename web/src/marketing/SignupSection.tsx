import { useTranslation } from "react-i18next";
import { CopyButton } from "../mail/CopyButton.js";
import { useSession } from "../runtime/session.js";

/*
 * Settings → Sign-up form: the hosted double opt-in form's address (served by the server, no
 * sign-in) and an HTML snippet to embed it in any site — a plain form posting to it, so it works
 * without script on the host page and the server answers with its own pages.
 */

export function signupSnippet(origin: string, workspace: string, lang: "en" | "zh"): string {
  const action = `${origin}/api/v1/public/${encodeURIComponent(workspace)}/signup`;
  const s =
    lang === "zh"
      ? { email: "邮箱", consent: "是的，请向我发送营销邮件。我可以随时退订。", submit: "订阅" }
      : {
          email: "Email",
          consent: "Yes, send me marketing email. I can unsubscribe at any time.",
          submit: "Subscribe",
        };
  return [
    `<form method="post" action="${action}" accept-charset="utf-8">`,
    `  <input type="hidden" name="lang" value="${lang}">`,
    `  <label>${s.email} <input type="email" name="email" required autocomplete="email"></label>`,
    `  <label><input type="checkbox" name="consent" value="yes" required> ${s.consent}</label>`,
    `  <button type="submit">${s.submit}</button>`,
    "</form>",
  ].join("\n");
}

export function SignupSection() {
  const { t, i18n } = useTranslation();
  const { workspace } = useSession();
  const lang = i18n.language.startsWith("zh") ? "zh" : "en";
  const url = `${window.location.origin}/api/v1/public/${encodeURIComponent(workspace.id)}/signup?lang=${lang}`;
  const snippet = signupSnippet(window.location.origin, workspace.id, lang);
  return (
    <div className="card settings-section">
      <h2>{t("marketing.signup.title")}</h2>
      <p className="muted">{t("marketing.signup.lead")}</p>
      <h3>{t("marketing.signup.hosted")}</h3>
      <p>
        <a href={url} target="_blank" rel="noreferrer" className="mono" data-testid="signup-url">
          {url}
        </a>{" "}
        <CopyButton value={url} label={t("marketing.signup.copyLabelUrl")} />
      </p>
      <h3>
        <label htmlFor="signup-snippet">{t("marketing.signup.snippet")}</label>
      </h3>
      <p className="muted small">{t("marketing.signup.snippetHelp")}</p>
      <textarea id="signup-snippet" className="mono" readOnly rows={7} value={snippet} style={{ width: "100%" }} />
      <p>
        <CopyButton value={snippet} label={t("marketing.signup.copyLabelSnippet")} />
      </p>
      <p className="muted small">{t("marketing.signup.topics")}</p>
    </div>
  );
}
