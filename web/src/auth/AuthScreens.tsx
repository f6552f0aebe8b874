import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../app/LanguageSwitch.js";
import { FormError } from "../ui/FormError.js";
import { ApiError, apiFetch, NetworkError, type SessionInfo } from "./api.js";

/*
 * The screens before the app: first-run setup (only while the server has nobody), sign-in, and
 * accepting an invite. Each names the field that is wrong, in the person's language.
 */

type Errors = Partial<Record<string, string>> & { form?: string };

function useErrorText() {
  const { t } = useTranslation();
  return useCallback(
    (err: unknown): Errors => {
      if (err instanceof NetworkError) return { form: t("auth.errors.offline") };
      if (err instanceof ApiError) {
        const known = t(`auth.errors.${err.code}`, { defaultValue: "" });
        const text = known || err.message;
        return err.field ? { [err.field]: text } : { form: text };
      }
      return { form: String(err) };
    },
    [t],
  );
}

function TextInput(props: {
  name: string;
  label: string;
  value: string;
  onChange(v: string): void;
  error?: string | undefined;
  type?: string;
  autoComplete?: string;
  hint?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const describedBy = [props.error ? `${id}-e` : "", props.hint ? `${id}-h` : ""].filter(Boolean).join(" ");
  return (
    <div className={`field${props.error ? " invalid" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        autoComplete={props.autoComplete}
        autoFocus={props.autoFocus}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {props.hint && !props.error && (
        <p id={`${id}-h`} className="muted small hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${id}-e`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

function AuthCard({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth-page">
      <header className="auth-top">
        <span className="brand">
          <img src="/icon.svg" alt="" width={26} height={26} />
          <span>{t("app.name")}</span>
        </span>
        <LanguageSwitch />
      </header>
      <main id="main" className="auth-main">
        <div className="card auth-card">
          <h1>{title}</h1>
          {lead && <p className="muted">{lead}</p>}
          {children}
        </div>
      </main>
    </div>
  );
}

function useForm<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof T) => (v: string) => {
    setValues((s) => ({ ...s, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  return { values, set, errors, setErrors, busy, setBusy };
}

export function SetupScreen({ onSignedIn }: { onSignedIn(s: SessionInfo): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const f = useForm({ name: "", email: "", password: "", workspaceName: "" });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    f.setBusy(true);
    try {
      onSignedIn(await apiFetch<SessionInfo>("POST", "/setup", f.values));
    } catch (err) {
      f.setErrors(errorText(err));
      f.setBusy(false);
    }
  };
  return (
    <AuthCard title={t("auth.setup.title")} lead={t("auth.setup.lead")}>
      <form className="auth-form" onSubmit={submit} noValidate>
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
  const errorText = useErrorText();
  const f = useForm({ email: "", password: "" });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    f.setBusy(true);
    try {
      onSignedIn(await apiFetch<SessionInfo>("POST", "/sign-in", f.values));
    } catch (err) {
      f.setErrors(errorText(err));
      f.setBusy(false);
    }
  };
  return (
    <AuthCard title={t("auth.signIn.title")} lead={notice ?? t("auth.signIn.lead")}>
      <form className="auth-form" onSubmit={submit} noValidate>
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

interface InvitePreview {
  workspaceName: string;
  role: string;
  email: string;
  expiresAt: number;
  accountExists: boolean;
}

export function InviteScreen({
  secret,
  signedInAs,
  onJoined,
}: {
  secret: string;
  signedInAs: string | null;
  onJoined(s: SessionInfo): void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const f = useForm({ name: "", email: "", password: "" });
  useEffect(() => {
    apiFetch<InvitePreview>("GET", `/invites/${encodeURIComponent(secret)}`).then(setPreview, (err) =>
      setProblem(errorText(err).form ?? String(err)),
    );
  }, [secret, errorText]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    f.setBusy(true);
    try {
      const body = signedInAs ? {} : { name: f.values.name, password: f.values.password, email: f.values.email };
      onJoined(await apiFetch<SessionInfo>("POST", `/invites/${encodeURIComponent(secret)}/accept`, body));
    } catch (err) {
      f.setErrors(errorText(err));
      f.setBusy(false);
    }
  };
  if (problem) {
    return (
      <AuthCard title={t("auth.invite.title")}>
        <p className="form-error" role="alert">
          {problem}
        </p>
      </AuthCard>
    );
  }
  if (!preview) return <AuthCard title={t("auth.invite.title")}>{null}</AuthCard>;
  const lead = t("auth.invite.lead", { workspace: preview.workspaceName, role: t(`roles.${preview.role}`) });
  return (
    <AuthCard title={t("auth.invite.title")} lead={lead}>
      <form className="auth-form" onSubmit={submit} noValidate>
        <FormError message={f.errors.form} />
        {signedInAs ? (
          <p>{t("auth.invite.as", { name: signedInAs })}</p>
        ) : (
          <>
            <TextInput
              name="name"
              label={t("auth.fields.name")}
              value={f.values.name}
              onChange={f.set("name")}
              error={f.errors.name}
              autoComplete="name"
              autoFocus
            />
            {preview.email ? (
              <p className="muted">{t("auth.invite.forEmail", { email: preview.email })}</p>
            ) : (
              <TextInput
                name="email"
                type="email"
                label={t("auth.fields.email")}
                value={f.values.email}
                onChange={f.set("email")}
                error={f.errors.email}
                autoComplete="email"
              />
            )}
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
          </>
        )}
        <button type="submit" className="button primary" disabled={f.busy}>
          {t("auth.invite.submit", { workspace: preview.workspaceName })}
        </button>
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
  const errorText = useErrorText();
  const f = useForm({ name: "" });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    f.setBusy(true);
    try {
      const ws = await apiFetch<{ id: string }>("POST", "/workspaces", { name: f.values.name });
      onCreated(ws.id);
    } catch (err) {
      f.setErrors(errorText(err));
      f.setBusy(false);
    }
  };
  return (
    <AuthCard title={t("auth.noWorkspace.title")} lead={t("auth.noWorkspace.lead", { name })}>
      <form className="auth-form" onSubmit={submit} noValidate>
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
