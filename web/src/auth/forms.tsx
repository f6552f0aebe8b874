import type { AuthIssue, Checked } from "@crm/schema";
import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../app/LanguageSwitch.js";
import { hasKey } from "../i18n/keys.js";
import { ApiError, NetworkError } from "../runtime/api.js";
import { FormError } from "../ui/FormError.js";

/*
 * What the screens before the app share: the card, a labelled input with its message, and a form
 * that checks itself with schema's `authForms.ts` rules (the server's own) — every message at its
 * field, in the person's language, before any round trip — and shows the server's refusals (a
 * common password, a wrong password, an address taken) at their field too.
 */

export type Errors = Partial<Record<string, string>> & { form?: string };

/** An issue in the person's language (codes from schema's `AuthIssueCode`). */
export function useIssueText(): (issue: AuthIssue) => string {
  const { t } = useTranslation();
  return useCallback((issue) => t(`auth.issues.${issue.code}`, { ...issue.params, defaultValue: issue.message }), [t]);
}

/** The messages of a form's issues: the first per field. */
function issueErrors(issues: AuthIssue[], text: (i: AuthIssue) => string, fields: readonly string[]): Errors {
  const out: Errors = {};
  for (const issue of issues) {
    const key = fields.includes(issue.field) ? issue.field : "form";
    out[key] ??= text(issue);
  }
  return out;
}

/** A failed request as messages: at the field the server named when the form shows it, else above. */
export function useErrorText(): (err: unknown, fields: readonly string[]) => Errors {
  const { t } = useTranslation();
  const issueText = useIssueText();
  return useCallback(
    (err, fields) => {
      if (err instanceof NetworkError) return { form: t("auth.errors.offline") };
      if (!(err instanceof ApiError)) return { form: String(err) };
      if (err.issues.length) return issueErrors(err.issues, issueText, fields);
      let text = hasKey("auth.errors", err.code) ? t(`auth.errors.${err.code}`) : err.message;
      if (err.code === "too-many-attempts" && err.retryAfter)
        text =
          err.retryAfter < 60
            ? t("auth.errors.waitSeconds", { count: err.retryAfter })
            : t("auth.errors.waitMinutes", { count: Math.ceil(err.retryAfter / 60) });
      return err.field && fields.includes(err.field) ? { [err.field]: text } : { form: text };
    },
    [t, issueText],
  );
}

interface TextInputProps {
  name: string;
  label: string;
  value: string;
  onChange(v: string): void;
  error?: string | undefined;
  type?: string;
  autoComplete?: string;
  hint?: string;
  autoFocus?: boolean;
}

export function TextInput(props: TextInputProps) {
  const id = useId();
  // While a message is shown the hint steps aside: the message says what to do now.
  const hint = props.error ? undefined : props.hint;
  const describedBy = [props.error ? `${id}-e` : "", hint ? `${id}-h` : ""].filter(Boolean).join(" ");
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
      {hint && (
        <p id={`${id}-h`} className="muted small hint">
          {hint}
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

/** An address field: "email" for a new account, "username" to sign in (what password managers fill). */
export function EmailInput(props: Omit<TextInputProps, "type" | "label" | "autoComplete"> & { autoComplete: string }) {
  const { t } = useTranslation();
  return <TextInput type="email" label={t("auth.fields.email")} {...props} />;
}

/** A password field: a new one (with the rule as its hint) or the one an account has. */
export function PasswordInput({
  fresh,
  ...props
}: Omit<TextInputProps, "type" | "label" | "autoComplete" | "hint"> & { fresh: boolean }) {
  const { t } = useTranslation();
  return (
    <TextInput
      type="password"
      label={t("auth.fields.password")}
      {...props}
      autoComplete={fresh ? "new-password" : "current-password"}
      {...(fresh ? { hint: t("auth.passwordHint") } : {})}
    />
  );
}

/** A form of `useAuthForm`: checked by the app (noValidate), its form-wide message above the fields. */
export function AuthForm({
  form,
  lead,
  children,
}: {
  form: Pick<AuthFormState, "submit" | "formRef" | "errors">;
  lead?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form className="auth-form" onSubmit={form.submit} noValidate ref={form.formRef}>
      {lead}
      <FormError message={form.errors.form} />
      {children}
    </form>
  );
}

export function SubmitButton({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <button type="submit" className="button primary" disabled={busy}>
      {children}
    </button>
  );
}

export function AuthCard({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
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

/**
 * A form's values, messages and submission. `check` is the schema rule of the form; `send` talks
 * to the server and runs only when the check passes. After a refused submit the first field with
 * a message gets the focus (or the form's message, announced as an alert).
 */
export function useAuthForm<T extends Record<string, string>>(
  initial: T,
  check: (values: T) => Checked<unknown>,
  send: (values: T) => Promise<void>,
) {
  const issueText = useIssueText();
  const errorText = useErrorText();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const fields = Object.keys(values);

  useEffect(() => {
    if (!focusTick) return;
    const target = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
  }, [focusTick]);

  const set = (k: keyof T & string) => (v: string) => {
    setValues((s) => ({ ...s, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined, form: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = check(values);
    if (!result.ok) {
      setErrors(issueErrors(result.issues, issueText, fields));
      setFocusTick((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await send(values);
    } catch (err) {
      setErrors(errorText(err, fields));
      setBusy(false);
      setFocusTick((n) => n + 1);
    }
  };

  /** What a TextInput needs to edit field `k`. */
  const field = (k: keyof T & string) => ({ name: k, value: values[k], onChange: set(k), error: errors[k] });

  // No checks on blur: a message appearing as the focus leaves a field moves the submit button
  // from under the pointer between mousedown and mouseup, and the click is lost.
  return { values, set, field, errors, setErrors, busy, submit, formRef };
}

type AuthFormState = ReturnType<typeof useAuthForm>;
