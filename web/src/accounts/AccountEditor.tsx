import { type AccountStatus, accountStatuses } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import { Field, SelectField } from "../ui/Field.js";
import { RecordForm, toFormValues } from "../ui/RecordForm.js";

const EMPTY = {
  name: "",
  website: "",
  industry: "",
  phone: "",
  email: "",
  billingStreet: "",
  billingCity: "",
  billingPostalCode: "",
  billingCountry: "",
  status: "prospect",
  owner: "",
};
type AccountValues = typeof EMPTY;

const INDUSTRIES = [
  "Software",
  "Manufacturing",
  "Retail",
  "Healthcare",
  "Finance",
  "Logistics",
  "Energy",
  "Education",
  "Media",
  "Hospitality",
];

export function AccountNew() {
  const { t } = useTranslation();
  const { store } = useRuntime();
  const [, navigate] = useLocation();
  return (
    <AccountFields
      title={t("accounts.newTitle")}
      initial={EMPTY}
      onSave={(v) => store.create("accounts", v)}
      onDone={(id) => navigate(`/accounts/${id}`, { replace: true })}
      onCancel={() => navigate("/accounts")}
    />
  );
}

export function AccountEdit({ id }: { id: string }) {
  const { t } = useTranslation();
  const { store, db } = useRuntime();
  const [, navigate] = useLocation();
  const row = useLiveQuery(() => db.accounts.get(id).then((r) => r ?? null), [db, id]);
  // The values the person starts from, frozen when the form opens: a teammate's live change to
  // another field must not look like an edit of ours when we save.
  const baseRef = useRef<typeof EMPTY | null>(null);
  if (row && !baseRef.current) baseRef.current = toFormValues(EMPTY, row);
  if (row === undefined) return null;
  if (row === null || !baseRef.current) return <p className="pad">{t("common.notFound")}</p>;
  const base = baseRef.current;
  return (
    <AccountFields
      key={id}
      title={t("accounts.editTitle")}
      initial={base}
      onSave={(v) => store.update("accounts", id, v, base)}
      onDone={() => navigate(`/accounts/${id}`, { replace: true })}
      onCancel={() => navigate(`/accounts/${id}`)}
    />
  );
}

function AccountFields(props: {
  title: string;
  initial: AccountValues;
  onSave: (v: AccountValues) => ReturnType<ReturnType<typeof useRuntime>["store"]["create"]>;
  onDone(id: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const f = (k: string) => t(`accounts.fields.${k}`);
  return (
    <RecordForm<AccountValues> {...props}>
      {({ values, set, issue }) => (
        <>
          <Field
            name="name"
            label={f("name")}
            value={values.name}
            onChange={set("name")}
            issue={issue("name")}
            autoFocus
            required
          />
          <div className="grid-2">
            <Field
              name="website"
              label={f("website")}
              value={values.website}
              onChange={set("website")}
              issue={issue("website")}
              inputMode="url"
            />
            <Field
              name="industry"
              label={f("industry")}
              value={values.industry}
              onChange={set("industry")}
              issue={issue("industry")}
              list="industries"
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
              name="email"
              label={f("email")}
              value={values.email}
              onChange={set("email")}
              issue={issue("email")}
              type="email"
            />
            <SelectField<AccountStatus>
              name="status"
              label={f("status")}
              value={values.status as AccountStatus}
              onChange={set("status")}
              options={accountStatuses.map((s) => ({ value: s, label: t(`accounts.statuses.${s}`) }))}
            />
            <Field
              name="owner"
              label={f("owner")}
              value={values.owner}
              onChange={set("owner")}
              issue={issue("owner")}
            />
          </div>
          <datalist id="industries">
            {INDUSTRIES.map((i) => (
              <option key={i} value={i} />
            ))}
          </datalist>
          <fieldset>
            <legend>{f("billingAddress")}</legend>
            <Field
              name="billingStreet"
              label={f("billingStreet")}
              value={values.billingStreet}
              onChange={set("billingStreet")}
              issue={issue("billingStreet")}
            />
            <div className="grid-3">
              <Field
                name="billingCity"
                label={f("billingCity")}
                value={values.billingCity}
                onChange={set("billingCity")}
                issue={issue("billingCity")}
              />
              <Field
                name="billingPostalCode"
                label={f("billingPostalCode")}
                value={values.billingPostalCode}
                onChange={set("billingPostalCode")}
                issue={issue("billingPostalCode")}
              />
              <Field
                name="billingCountry"
                label={f("billingCountry")}
                value={values.billingCountry}
                onChange={set("billingCountry")}
                issue={issue("billingCountry")}
              />
            </div>
          </fieldset>
        </>
      )}
    </RecordForm>
  );
}
