import { checkJoin, checkJoinSignIn, sameEmail } from "@crm/schema";
import type { InferResponseType } from "hono/client";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call, type SessionInfo } from "../runtime/api.js";
import { FormError } from "../ui/FormError.js";
import { AuthCard, TextInput, useAuthForm, useErrorText } from "./forms.js";

/*
 * Accepting an invite link. Signed in: join as yourself — unless the invite is for another address,
 * which the screen says at once (with a way to sign out). Signed out: create an account (the
 * invite's address filled in; another address is refused at the field), or sign in with the
 * account you have and join in one go.
 */

/** What a link offers: its workspace and role, its address ("" = whoever holds the link), and for an address whether it has an account. */
type InvitePreview = InferResponseType<(typeof api.invites)[":secret"]["$get"], 200>;

export interface SignedInPerson {
  name: string;
  email: string;
}

/** The link's secret comes from the address bar: encoded, it stays one path segment. */
const link = (secret: string) => ({ param: { secret: encodeURIComponent(secret) } });
const accept = (secret: string, values: { name?: string; email?: string; password?: string } = {}) =>
  call(api.invites[":secret"].accept.$post({ ...link(secret), json: values }));

export function InviteScreen({
  secret,
  signedIn,
  onJoined,
  onSignOut,
}: {
  secret: string;
  signedIn: SignedInPerson | null;
  onJoined(s: SessionInfo): void;
  /** Signs out and stays on this link. */
  onSignOut(): Promise<void>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [haveAccount, setHaveAccount] = useState<boolean | null>(null);
  useEffect(() => {
    call(api.invites[":secret"].$get(link(secret))).then(setPreview, (err) =>
      setProblem(errorText(err, []).form ?? String(err)),
    );
  }, [secret, errorText]);

  if (problem) {
    return (
      <AuthCard title={t("auth.invite.title")}>
        <p className="form-error" role="alert">
          {problem}
        </p>
      </AuthCard>
    );
  }
  if (!preview)
    return (
      <AuthCard title={t("auth.invite.title")}>
        <p className="muted" role="status">
          {t("auth.invite.loading")}
        </p>
      </AuthCard>
    );
  const lead = t("auth.invite.lead", { workspace: preview.workspaceName, role: t(`roles.${preview.role}`) });
  const existing = haveAccount ?? preview.accountExists;
  return (
    <AuthCard title={t("auth.invite.title")} lead={lead}>
      {signedIn ? (
        <SignedInJoin secret={secret} preview={preview} person={signedIn} onJoined={onJoined} onSignOut={onSignOut} />
      ) : existing ? (
        <SignInAndJoin secret={secret} preview={preview} onJoined={onJoined} onNew={() => setHaveAccount(false)} />
      ) : (
        <NewPersonJoin secret={secret} preview={preview} onJoined={onJoined} onExisting={() => setHaveAccount(true)} />
      )}
    </AuthCard>
  );
}

function SignedInJoin(props: {
  secret: string;
  preview: InvitePreview;
  person: SignedInPerson;
  onJoined(s: SessionInfo): void;
  onSignOut(): Promise<void>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const { preview, person } = props;
  if (preview.email && !sameEmail(preview.email, person.email)) {
    return (
      <div className="auth-form">
        <p className="form-error" role="alert">
          {t("auth.invite.otherAccount", { email: preview.email, you: person.email })}
        </p>
        <button type="button" className="button primary" disabled={busy} onClick={() => void leave()}>
          {t("auth.invite.signOutToJoin", { email: preview.email })}
        </button>
      </div>
    );
  }
  async function leave() {
    setBusy(true);
    await props.onSignOut();
  }
  const join = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      props.onJoined(await accept(props.secret));
    } catch (err) {
      setError(errorText(err, []).form);
      setBusy(false);
    }
  };
  return (
    <form className="auth-form" onSubmit={join} noValidate>
      <FormError message={error} />
      <p>{t("auth.invite.as", { name: person.name, email: person.email })}</p>
      <button type="submit" className="button primary" disabled={busy}>
        {t("auth.invite.submit", { workspace: preview.workspaceName })}
      </button>
    </form>
  );
}

function NewPersonJoin(props: {
  secret: string;
  preview: InvitePreview;
  onJoined(s: SessionInfo): void;
  onExisting(): void;
}) {
  const { t } = useTranslation();
  const { preview } = props;
  const f = useAuthForm(
    { name: "", email: preview.email, password: "" },
    (values) => checkJoin(values, preview),
    async (values) => props.onJoined(await accept(props.secret, values)),
  );
  return (
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
        {...(preview.email ? { hint: t("auth.invite.forEmail", { email: preview.email }) } : {})}
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
      <button type="submit" className="button primary" disabled={f.busy}>
        {t("auth.invite.submit", { workspace: preview.workspaceName })}
      </button>
      <button type="button" className="auth-switch" onClick={props.onExisting}>
        {t("auth.invite.haveAccount")}
      </button>
    </form>
  );
}

function SignInAndJoin(props: {
  secret: string;
  preview: InvitePreview;
  onJoined(s: SessionInfo): void;
  onNew(): void;
}) {
  const { t } = useTranslation();
  const { preview } = props;
  const f = useAuthForm(
    { email: preview.email, password: "" },
    (values) => checkJoinSignIn(values, preview),
    async (values) => {
      await call(api["sign-in"].$post({ json: values }));
      props.onJoined(await accept(props.secret));
    },
  );
  return (
    <form className="auth-form" onSubmit={f.submit} noValidate ref={f.formRef}>
      <p>{t("auth.invite.signInLead")}</p>
      <FormError message={f.errors.form} />
      <TextInput
        name="email"
        type="email"
        label={t("auth.fields.email")}
        value={f.values.email}
        onChange={f.set("email")}
        error={f.errors.email}
        autoComplete="username"
        {...(preview.email ? { hint: t("auth.invite.forEmail", { email: preview.email }) } : { autoFocus: true })}
      />
      <TextInput
        name="password"
        type="password"
        label={t("auth.fields.password")}
        value={f.values.password}
        onChange={f.set("password")}
        error={f.errors.password}
        autoComplete="current-password"
        {...(preview.email ? { autoFocus: true } : {})}
      />
      <button type="submit" className="button primary" disabled={f.busy}>
        {t("auth.invite.signInSubmit", { workspace: preview.workspaceName })}
      </button>
      <button type="button" className="auth-switch" onClick={props.onNew}>
        {t("auth.invite.newAccount")}
      </button>
    </form>
  );
}
