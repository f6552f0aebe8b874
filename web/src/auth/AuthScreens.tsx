import { checkSetup, checkSignIn, checkWorkspaceName } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { api, call, type SessionInfo } from "../runtime/api.js";
import { AuthCard, AuthForm, EmailInput, PasswordInput, SubmitButton, TextInput, useAuthForm } from "./forms.js";

/*
 * The screens before the app: first-run setup (only while the server has nobody), sign-in, a
 * workspace for someone who has none, and the server being out of reach. Accepting an invite is
 * InviteScreen.tsx. Each form checks itself as the server will, and names every wrong field.
 */

export function SetupScreen({ onSignedIn }: { onSignedIn(s: SessionInfo): void }) {
  const { t } = useTranslation();
  const f = useAuthForm({ name: "", email: "", password: "", workspaceName: "" }, checkSetup, async (values) =>
    onSignedIn(await call(api.setup.$post({ json: values }))),
  );
  return (
    <AuthCard title={t("auth.setup.title")} lead={t("auth.setup.lead")}>
      <AuthForm form={f}>
        <TextInput {...f.field("name")} label={t("auth.fields.name")} autoComplete="name" autoFocus />
        <EmailInput {...f.field("email")} autoComplete="email" />
        <PasswordInput {...f.field("password")} fresh />
        <TextInput
          {...f.field("workspaceName")}
          label={t("auth.fields.workspaceName")}
          hint={t("auth.setup.workspaceHint")}
        />
        <SubmitButton busy={f.busy}>{t("auth.setup.submit")}</SubmitButton>
      </AuthForm>
    </AuthCard>
  );
}

export function SignInScreen({ onSignedIn, notice }: { onSignedIn(s: SessionInfo): void; notice?: string }) {
  const { t } = useTranslation();
  const f = useAuthForm({ email: "", password: "" }, checkSignIn, async (values) =>
    onSignedIn(await call(api["sign-in"].$post({ json: values }))),
  );
  return (
    <AuthCard title={t("auth.signIn.title")} lead={notice ?? t("auth.signIn.lead")}>
      <AuthForm form={f}>
        <EmailInput {...f.field("email")} autoComplete="username" autoFocus />
        <PasswordInput {...f.field("password")} fresh={false} />
        <SubmitButton busy={f.busy}>{t("auth.signIn.submit")}</SubmitButton>
        <p className="small">
          <Link href="/forgot-password">{t("auth.signIn.forgot")}</Link>
        </p>
        <p className="muted small">{t("auth.signIn.noAccount")}</p>
      </AuthForm>
    </AuthCard>
  );
}

/** Signed in, but in no workspace (every membership was removed): start one. */
export function NoWorkspaceScreen({
  name,
  onCreated,
  onSignOut,
}: {
  name: string;
  onCreated(id: string): void;
  onSignOut(): void;
}) {
  const { t } = useTranslation();
  const f = useAuthForm({ name: "" }, checkWorkspaceName, async (values) => {
    const ws = await call(api.workspaces.$post({ json: values }));
    onCreated(ws.id);
  });
  return (
    <AuthCard title={t("auth.noWorkspace.title")} lead={t("auth.noWorkspace.lead", { name })}>
      <AuthForm form={f}>
        <TextInput {...f.field("name")} label={t("auth.fields.workspaceName")} autoFocus />
        <div className="form-actions">
          <SubmitButton busy={f.busy}>{t("auth.noWorkspace.create")}</SubmitButton>
          <button type="button" className="button" onClick={onSignOut}>
            {t("auth.signOut")}
          </button>
        </div>
      </AuthForm>
    </AuthCard>
  );
}

/** The server cannot be reached and this device has never signed in: nothing local to open. */
export function UnreachableScreen({ onRetry }: { onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <AuthCard title={t("auth.unreachable.title")} lead={t("auth.unreachable.lead")}>
      <button type="button" className="button primary" onClick={onRetry}>
        {t("auth.unreachable.retry")}
      </button>
    </AuthCard>
  );
}
