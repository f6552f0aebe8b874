import type { ContactType } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { useLocation, useSearch } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import type { KeyIn } from "../i18n/keys.js";
import { EditRecord, emptyValues, type FieldsProps } from "../ui/EditRecord.js";
import { Field } from "../ui/Field.js";
import { RecordForm } from "../ui/RecordForm.js";
import { AccountPicker } from "./AccountPicker.js";

const EMPTY = emptyValues("contacts") as ContactValues;
type ContactValues = Record<keyof ReturnType<typeof ContactType.defaults>, string>;

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
  return <EditRecord collection="contacts" id={id} title={t("contacts.editTitle")} Fields={ContactFields} />;
}

function ContactFields(props: FieldsProps<ContactValues>) {
  const { t } = useTranslation();
  const f = (k: KeyIn<"contacts.fields">) => t(`contacts.fields.${k}`);
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
