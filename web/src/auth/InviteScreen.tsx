import { checkJoin, checkJoinSignIn, sameEmail } from "@crm/schema";
import type { InferResponseType } from "hono/client";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call, type SessionInfo } from "../runtime/api.js";
import {
  AuthCard,
  AuthForm,
  EmailInput,
  PasswordInput,
  SubmitButton,
  TextInput,
  useAuthForm,
  useErrorText,
} from "./forms.js";

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
  const [leaving, setLeaving] = useState(false);
  // Nothing to fill in: the form is only the request and its refusal.
  const f = useAuthForm(
    {},
    () => ({ ok: true, value: {} }),
    async () => props.onJoined(await accept(props.secret)),
  );
  const { preview, person } = props;
  if (preview.email && !sameEmail(preview.email, person.email)) {
    return (
      <div className="auth-form">
        <p className="form-error" role="alert">
          {t("auth.invite.otherAccount", { email: preview.email, you: person.email })}
        </p>
        <button type="button" className="button primary" disabled={leaving} onClick={() => void leave()}>
          {t("auth.invite.signOutToJoin", { email: preview.email })}
        </button>
      </div>
    );
  }
  async function leave() {
    setLeaving(true);
    await props.onSignOut();
  }
  return (
    <AuthForm form={f}>
      <p>{t("auth.invite.as", { name: person.name, email: person.email })}</p>
      <SubmitButton busy={f.busy}>{t("auth.invite.submit", { workspace: preview.workspaceName })}</SubmitButton>
    </AuthForm>
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
    <AuthForm form={f}>
      <TextInput {...f.field("name")} label={t("auth.fields.name")} autoComplete="name" autoFocus />
      <EmailInput
        {...f.field("email")}
        autoComplete="email"
        {...(preview.email ? { hint: t("auth.invite.forEmail", { email: preview.email }) } : {})}
      />
      <PasswordInput {...f.field("password")} fresh />
      <SubmitButton busy={f.busy}>{t("auth.invite.submit", { workspace: preview.workspaceName })}</SubmitButton>
      <button type="button" className="auth-switch" onClick={props.onExisting}>
        {t("auth.invite.haveAccount")}
      </button>
    </AuthForm>
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
    <AuthForm form={f} lead={<p>{t("auth.invite.signInLead")}</p>}>
      <EmailInput
        {...f.field("email")}
        autoComplete="username"
        {...(preview.email ? { hint: t("auth.invite.forEmail", { email: preview.email }) } : { autoFocus: true })}
      />
      <PasswordInput {...f.field("password")} fresh={false} {...(preview.email ? { autoFocus: true } : {})} />
      <SubmitButton busy={f.busy}>{t("auth.invite.signInSubmit", { workspace: preview.workspaceName })}</SubmitButton>
      <button type="button" className="auth-switch" onClick={props.onNew}>
        {t("auth.invite.newAccount")}
      </button>
    </AuthForm>
  );
}
