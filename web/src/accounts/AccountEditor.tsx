import { type AccountStatus, type AccountType, accountStatuses, commonIndustries } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import type { KeyIn } from "../i18n/keys.js";
import { EditRecord, emptyValues, type FieldsProps } from "../ui/EditRecord.js";
import { Field, SelectField } from "../ui/Field.js";
import { PersonSelect } from "../ui/Person.js";
import { RecordForm } from "../ui/RecordForm.js";

const EMPTY = emptyValues("accounts") as AccountValues;
type AccountValues = Record<keyof ReturnType<typeof AccountType.defaults>, string>;

export function AccountNew() {
  const { t } = useTranslation();
  const { store, me } = useRuntime();
  const [, navigate] = useLocation();
  return (
    <AccountFields
      title={t("accounts.newTitle")}
      // A new account is its maker's, like a new lead, deal or activity.
      initial={{ ...EMPTY, owner: me.id }}
      onSave={(v) => store.create("accounts", v)}
      onDone={(id) => navigate(`/accounts/${id}`, { replace: true })}
      onCancel={() => navigate("/accounts")}
    />
  );
}

export function AccountEdit({ id }: { id: string }) {
  const { t } = useTranslation();
  return <EditRecord collection="accounts" id={id} title={t("accounts.editTitle")} Fields={AccountFields} />;
}

function AccountFields(props: FieldsProps<AccountValues>) {
  const { t } = useTranslation();
  const f = (k: KeyIn<"accounts.fields">) => t(`accounts.fields.${k}`);
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
            <PersonSelect
              name="owner"
              label={f("owner")}
              value={values.owner}
              onChange={set("owner")}
              nobody={t("people.nobody")}
            />
          </div>
          <datalist id="industries">
            {commonIndustries.map((i) => (
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
