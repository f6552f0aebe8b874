import { useLiveQuery } from "dexie-react-hooks";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useSearch } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import type { WriteResult } from "../local/store.js";
import { Field } from "../ui/Field.js";
import { RecordForm, toFormValues } from "../ui/RecordForm.js";
import { AccountPicker } from "./AccountPicker.js";

const EMPTY = { firstName: "", lastName: "", email: "", phone: "", title: "", accountId: "" };
type ContactValues = typeof EMPTY;

export function ContactNew() {
  const { t } = useTranslation();
  const { store } = useRuntime();
  const [, navigate] = useLocation();
  const account = new URLSearchParams(useSearch()).get("account") ?? "";
  return (
    <ContactFields
      title={t("contacts.newTitle")}
      initial={{ ...EMPTY, accountId: account }}
      onSave={(v) => store.create("contacts", v)}
      onDone={(id) => navigate(account ? `/accounts/${account}` : `/contacts/${id}`, { replace: true })}
      onCancel={() => navigate(account ? `/accounts/${account}` : "/contacts")}
    />
  );
}

export function ContactEdit({ id }: { id: string }) {
  const { t } = useTranslation();
  const { store, db } = useRuntime();
  const [, navigate] = useLocation();
  const row = useLiveQuery(() => db.contacts.get(id).then((r) => r ?? null), [db, id]);
  // The values the person starts from, frozen when the form opens: a teammate's live change to
  // another field must not look like an edit of ours when we save.
  const baseRef = useRef<typeof EMPTY | null>(null);
  if (row && !baseRef.current) baseRef.current = toFormValues(EMPTY, row);
  if (row === undefined) return null;
  if (row === null || !baseRef.current) return <p className="pad">{t("common.notFound")}</p>;
  const base = baseRef.current;
  return (
    <ContactFields
      key={id}
      title={t("contacts.editTitle")}
      initial={base}
      onSave={(v) => store.update("contacts", id, v, base)}
      onDone={() => navigate(`/contacts/${id}`, { replace: true })}
      onCancel={() => navigate(`/contacts/${id}`)}
    />
  );
}

function ContactFields(props: {
  title: string;
  initial: ContactValues;
  onSave(v: ContactValues): Promise<WriteResult>;
  onDone(id: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const f = (k: string) => t(`contacts.fields.${k}`);
  return (
    <RecordForm<ContactValues> {...props}>
      {({ values, set, issue }) => (
        <>
          <div className="grid-2">
            <Field
              name="firstName"
              label={f("firstName")}
              value={values.firstName}
              onChange={set("firstName")}
              issue={issue("firstName")}
              autoFocus
            />
            <Field
              name="lastName"
              label={f("lastName")}
              value={values.lastName}
              onChange={set("lastName")}
              issue={issue("lastName")}
              required
            />
            <Field
              name="email"
              label={f("email")}
              value={values.email}
              onChange={set("email")}
              issue={issue("email")}
              type="email"
            />
            <Field
              name="phone"
              label={f("phone")}
              value={values.phone}
              onChange={set("phone")}
              issue={issue("phone")}
              type="tel"
            />
            <Field
              name="title"
              label={f("title")}
              value={values.title}
              onChange={set("title")}
              issue={issue("title")}
            />
            <AccountPicker label={f("accountId")} value={values.accountId} onChange={set("accountId")} />
          </div>
        </>
      )}
    </RecordForm>
  );
}
