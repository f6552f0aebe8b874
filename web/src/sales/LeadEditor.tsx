import { type Lead, type LeadSource, type LeadStatus, leadSources, leadStatuses, scoreLead } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import type { KeyIn } from "../i18n/keys.js";
import { EditRecord, emptyValues, type FieldsProps } from "../ui/EditRecord.js";
import { Field, SelectField } from "../ui/Field.js";
import { PersonSelect } from "../ui/Person.js";
import { RecordForm } from "../ui/RecordForm.js";
import { useSettings } from "./useSettings.js";

type LeadValues = Record<
  "firstName" | "lastName" | "company" | "title" | "email" | "phone" | "source" | "status" | "score" | "owner",
  string
>;

export function LeadNew() {
  const { t } = useTranslation();
  const { store, me } = useRuntime();
  const [, navigate] = useLocation();
  return (
    <LeadFields
      title={t("sales.leads.newTitle")}
      initial={{ ...(emptyValues("leads") as LeadValues), owner: me.id }}
      onSave={(v) => store.create("leads", v)}
      onDone={(id) => navigate(`/leads/${id}`, { replace: true })}
      onCancel={() => navigate("/leads")}
    />
  );
}

export function LeadEdit({ id }: { id: string }) {
  const { t } = useTranslation();
  return <EditRecord collection="leads" id={id} title={t("sales.leads.editTitle")} Fields={LeadFields} />;
}

/** The lead form; the score is computed from the workspace's rules on every save, never typed. */
function LeadFields(props: FieldsProps<LeadValues>) {
  const { t } = useTranslation();
  const { leadScoring } = useSettings();
  const f = (k: KeyIn<"sales.leads.fields">) => t(`sales.leads.fields.${k}`);
  return (
    <RecordForm<LeadValues>
      {...props}
      onSave={(v) =>
        props.onSave({ ...v, score: String(scoreLead(v as unknown as Partial<Lead>, leadScoring.rules).score) })
      }
    >
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
              name="company"
              label={f("company")}
              value={values.company}
              onChange={set("company")}
              issue={issue("company")}
            />
            <Field
              name="title"
              label={f("title")}
              value={values.title}
              onChange={set("title")}
              issue={issue("title")}
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
            <SelectField<LeadSource>
              name="source"
              label={f("source")}
              value={values.source as LeadSource}
              onChange={set("source")}
              options={leadSources.map((s) => ({ value: s, label: t(`sales.leads.sources.${s}`) }))}
            />
            <SelectField<LeadStatus>
              name="status"
              label={f("status")}
              value={values.status as LeadStatus}
              onChange={set("status")}
              options={leadStatuses.map((s) => ({ value: s, label: t(`sales.leads.statuses.${s}`) }))}
            />
            <PersonSelect
              name="owner"
              label={f("owner")}
              value={values.owner}
              onChange={set("owner")}
              nobody={t("people.nobody")}
            />
          </div>
          <p className="muted small">
            {f("score")}: {scoreLead(values as unknown as Partial<Lead>, leadScoring.rules).score}
          </p>
        </>
      )}
    </RecordForm>
  );
}
