import { checkSetup, checkSignIn, checkWorkspaceName } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { api, call, type SessionInfo } from "../runtime/api.js";
import { FormError } from "../ui/FormError.js";
import { AuthCard, TextInput, useAuthForm } from "./forms.js";

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
      <form className="auth-form" onSubmit={f.submit} noValidate ref={f.formRef}>
        <FormError message={f.errors.form} />
        <TextInput
          name="name"
          label={t("auth.fields.name")}
          value={f.values.name}
          onChange={f.set("name")}
          error={f.errors.name}
          autoComplete="name"
          autoFocus
        />
        <TextInput
          name="email"
          type="email"
          label={t("auth.fields.email")}
          value={f.values.email}
          onChange={f.set("email")}
          error={f.errors.email}
          autoComplete="email"
        />
        <TextInput
          name="password"
          type="password"
          label={t("auth.fields.password")}
          value={f.values.password}
          onChange={f.set("password")}
          error={f.errors.password}
          autoComplete="new-password"
          hint={t("auth.passwordHint")}
        />
        <TextInput
          name="workspaceName"
          label={t("auth.fields.workspaceName")}
          value={f.values.workspaceName}
          onChange={f.set("workspaceName")}
          error={f.errors.workspaceName}
          hint={t("auth.setup.workspaceHint")}
        />
        <button type="submit" className="button primary" disabled={f.busy}>
          {t("auth.setup.submit")}
        </button>
      </form>
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
      <form className="auth-form" onSubmit={f.submit} noValidate ref={f.formRef}>
        <FormError message={f.errors.form} />
        <TextInput
          name="email"
          type="email"
          label={t("auth.fields.email")}
          value={f.values.email}
          onChange={f.set("email")}
          error={f.errors.email}
          autoComplete="username"
          autoFocus
        />
        <TextInput
          name="password"
          type="password"
          label={t("auth.fields.password")}
          value={f.values.password}
          onChange={f.set("password")}
          error={f.errors.password}
          autoComplete="current-password"
        />
        <button type="submit" className="button primary" disabled={f.busy}>
          {t("auth.signIn.submit")}
        </button>
        <p className="muted small">{t("auth.signIn.noAccount")}</p>
      </form>
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
      <form className="auth-form" onSubmit={f.submit} noValidate ref={f.formRef}>
        <FormError message={f.errors.form} />
        <TextInput
          name="name"
          label={t("auth.fields.workspaceName")}
          value={f.values.name}
          onChange={f.set("name")}
          error={f.errors.name}
          autoFocus
        />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={f.busy}>
            {t("auth.noWorkspace.create")}
          </button>
          <button type="button" className="button" onClick={onSignOut}>
            {t("auth.signOut")}
          </button>
        </div>
      </form>
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
