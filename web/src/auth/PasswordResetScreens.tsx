import { checkNewPassword, checkResetRequest } from "@crm/schema";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { api, call } from "../runtime/api.js";
import { AuthCard, AuthForm, EmailInput, PasswordInput, SubmitButton, useAuthForm, useErrorText } from "./forms.js";

/*
 * "Forgot password?" (`/forgot-password`): an address in, the same answer whether or not it has an
 * account. The mailed link (`/reset-password/<secret>`, sync-server/src/api/passwordReset.ts)
 * opens the second screen: a new password with the sign-up rules; a used, expired or unknown link
 * says so and offers a new one. After a reset every session is gone, this tab's too: the page
 * reloads onto the sign-in screen.
 */

export function ForgotPasswordScreen() {
  const { t } = useTranslation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const f = useAuthForm({ email: "" }, checkResetRequest, async (values) => {
    await call(api["password-reset"].$post({ json: values }));
    setSentTo(values.email.trim());
  });
  return (
    <AuthCard title={t("auth.forgot.title")} lead={t("auth.forgot.lead")}>
      {sentTo ? (
        <p role="status" className="auth-sent">
          {t("auth.forgot.sent", { email: sentTo })}
        </p>
      ) : (
        <AuthForm form={f}>
          <EmailInput {...f.field("email")} autoComplete="username" autoFocus />
          <SubmitButton busy={f.busy}>{t("auth.forgot.submit")}</SubmitButton>
        </AuthForm>
      )}
      <p>
        <Link href="/sign-in">{t("auth.forgot.back")}</Link>
      </p>
    </AuthCard>
  );
}

type LinkState = { kind: "checking" } | { kind: "open" } | { kind: "refused"; message: string } | { kind: "done" };

export function ResetPasswordScreen({ secret }: { secret: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [state, setState] = useState<LinkState>({ kind: "checking" });
  useEffect(() => {
    call(api["password-reset"][":secret"].$get({ param: { secret } })).then(
      () => setState({ kind: "open" }),
      (err) => setState({ kind: "refused", message: errorText(err, []).form ?? String(err) }),
    );
  }, [secret, errorText]);
  const f = useAuthForm(
    { password: "" },
    (v) => checkNewPassword(v, []),
    async (values) => {
      try {
        await call(api["password-reset"][":secret"].$post({ param: { secret }, json: values }));
        setState({ kind: "done" });
      } catch (err) {
        const message = errorText(err, ["password"]);
        // The link itself was refused (used meanwhile, expired): no field to fix.
        if (!message.password) setState({ kind: "refused", message: message.form ?? String(err) });
        else throw err;
      }
    },
  );
  return (
    <AuthCard title={t("auth.reset.title")} {...(state.kind === "open" ? { lead: t("auth.reset.lead") } : {})}>
      {state.kind === "checking" && <p role="status">{t("auth.reset.checking")}</p>}
      {state.kind === "refused" && (
        <>
          <p role="alert" className="form-error">
            {state.message}
          </p>
          <p>
            <a href="/forgot-password">{t("auth.reset.again")}</a>
          </p>
        </>
      )}
      {state.kind === "open" && (
        <AuthForm form={f}>
          <PasswordInput {...f.field("password")} fresh autoFocus />
          <SubmitButton busy={f.busy}>{t("auth.reset.submit")}</SubmitButton>
        </AuthForm>
      )}
      {state.kind === "done" && (
        <>
          <p role="status">{t("auth.reset.done")}</p>
          {/* A full load: the sessions are gone, this tab's runtime with them. */}
          <a className="button primary" href="/sign-in">
            {t("auth.reset.signIn")}
          </a>
        </>
      )}
    </AuthCard>
  );
}
