import { type CaseType, casePriorities, channels, contactName } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useTranslation } from "react-i18next";
import { useLocation, useSearch } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import { AccountPicker } from "../contacts/AccountPicker.js";
import type { KeyIn } from "../i18n/keys.js";
import { EditRecord, emptyValues, type FieldsProps } from "../ui/EditRecord.js";
import { Field, SelectField } from "../ui/Field.js";
import { PersonSelect } from "../ui/Person.js";
import { RecordForm } from "../ui/RecordForm.js";

type CaseValues = Record<keyof ReturnType<typeof CaseType.defaults>, string>;
const EMPTY = emptyValues("cases") as CaseValues;

/** A new case; `?account=` (from an account page) fills the account in. Its SLA clock starts now. */
export function CaseNew() {
  const { t } = useTranslation();
  const { store } = useRuntime();
  const [, navigate] = useLocation();
  const account = new URLSearchParams(useSearch()).get("account") ?? "";
  return (
    <CaseFields
      title={t("service.newTitle")}
      initial={{ ...EMPTY, accountId: account }}
      onSave={(v) => store.create("cases", { ...v, openedAt: "" })}
      onDone={(id) => navigate(`/cases/${id}`, { replace: true })}
      onCancel={() => navigate(account ? `/accounts/${account}` : "/cases")}
    />
  );
}

export function CaseEdit({ id }: { id: string }) {
  const { t } = useTranslation();
  return <EditRecord collection="cases" id={id} title={t("service.editTitle")} Fields={CaseFields} />;
}

/**
 * The case's fields. The status is not here: resolving and closing happen on the case page, where
 * the satisfaction question is asked.
 */
function CaseFields(props: FieldsProps<CaseValues>) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const f = (k: KeyIn<"service.fields">) => t(`service.fields.${k}`);
  return (
    <RecordForm<CaseValues> {...props}>
      {({ values, set, issue }) => (
        <>
          <Field
            name="subject"
            label={f("subject")}
            value={values.subject}
            onChange={set("subject")}
            issue={issue("subject")}
            autoFocus
            required
          />
          <div className="grid-2">
            <SelectField
              name="priority"
              label={f("priority")}
              value={values.priority}
              onChange={set("priority")}
              options={casePriorities.map((p) => ({ value: p, label: t(`service.priorities.${p}`) }))}
            />
            <SelectField
              name="channel"
              label={f("channel")}
              value={values.channel}
              onChange={set("channel")}
              options={channels.map((c) => ({ value: c, label: t(`service.channels.${c}`) }))}
            />
            <AccountPicker
              label={f("accountId")}
              value={values.accountId}
              onChange={(id) => {
                set("accountId")(id);
                set("contactId")("");
              }}
            />
            <ContactSelect
              db={db}
              accountId={values.accountId}
              value={values.contactId}
              onChange={set("contactId")}
              label={f("contactId")}
            />
          </div>
          <PersonSelect
            name="assignee"
            label={f("assignee")}
            value={values.assignee}
            onChange={set("assignee")}
            nobody={t("service.unassigned")}
          />
        </>
      )}
    </RecordForm>
  );
}

function ContactSelect(props: {
  db: ReturnType<typeof useRuntime>["db"];
  accountId: string;
  value: string;
  label: string;
  onChange(id: string): void;
}) {
  const { t } = useTranslation();
  const { db, accountId } = props;
  const contacts = useLiveQuery(
    () => (accountId ? db.contacts.where("accountId").equals(accountId).sortBy("sortKey") : []),
    [db, accountId],
  );
  return (
    <SelectField
      name="contactId"
      label={props.label}
      value={props.value}
      onChange={props.onChange}
      options={[
        { value: "", label: accountId ? t("service.noContact") : t("service.chooseAccountFirst") },
        ...(contacts ?? []).map((c) => ({ value: c.id, label: contactName(c) })),
      ]}
    />
  );
}
