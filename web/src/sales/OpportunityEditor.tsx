import { planStageChange, stageById } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { useLocation, useSearch } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import { AccountPicker } from "../contacts/AccountPicker.js";
import type { KeyIn } from "../i18n/keys.js";
import { EditRecord, emptyValues, type FieldsProps } from "../ui/EditRecord.js";
import { Field, SelectField } from "../ui/Field.js";
import { PersonSelect } from "../ui/Person.js";
import { RecordForm } from "../ui/RecordForm.js";
import { SalesField, useIssueText } from "./SalesField.js";
import { useSettings, useStageLabel } from "./useSettings.js";

type OppValues = Record<
  "name" | "accountId" | "contactId" | "stage" | "amount" | "probability" | "closeDate" | "owner" | "wonAt" | "lostAt",
  string
>;

export function OpportunityNew() {
  const { t } = useTranslation();
  const { store, me } = useRuntime();
  const [, navigate] = useLocation();
  const account = new URLSearchParams(useSearch()).get("account") ?? "";
  const empty = { ...(emptyValues("opportunities") as OppValues), owner: me.id };
  return (
    <OpportunityFields
      title={t("sales.pipeline.newTitle")}
      initial={{ ...empty, accountId: account, probability: "" }}
      onSave={(v) => store.create("opportunities", v)}
      onDone={(id) => navigate(`/opportunities/${id}`, { replace: true })}
      onCancel={() => navigate("/pipeline")}
    />
  );
}

export function OpportunityEdit({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <EditRecord collection="opportunities" id={id} title={t("sales.pipeline.editTitle")} Fields={OpportunityFields} />
  );
}

const stamp = (v: string) => (v ? Number(v) : null);

/**
 * The deal form. Choosing a stage fills in its probability (still editable); saving a new stage
 * stamps or clears won/lost times as pipeline.ts plans.
 */
function OpportunityFields(props: FieldsProps<OppValues>) {
  const { t } = useTranslation();
  const settings = useSettings();
  const issueText = useIssueText();
  const stageLabel = useStageLabel();
  const f = (k: KeyIn<"sales.pipeline.fields">) => t(`sales.pipeline.fields.${k}`);
  const from = props.initial;
  const stages =
    stageById(settings, from.stage) || !from.stage
      ? settings.pipelineStages
      : [...settings.pipelineStages, { id: from.stage, label: from.stage, probability: 0, kind: "open" as const }];
  return (
    <RecordForm<OppValues>
      {...props}
      onSave={(v) => {
        let extra = {};
        if (stageById(settings, v.stage) && v.stage !== from.stage) {
          const probability = v.probability === "" ? undefined : Number(v.probability);
          const base = { stage: from.stage, wonAt: stamp(from.wonAt), lostAt: stamp(from.lostAt) };
          extra = planStageChange(
            base,
            v.stage,
            settings,
            Date.now(),
            Number.isFinite(probability) ? probability : undefined,
          );
        }
        return props.onSave({ ...v, ...extra } as OppValues);
      }}
    >
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
          <AccountPicker value={values.accountId} onChange={set("accountId")} label={f("account")} />
          {issue("accountId") && <p className="field-error">{issueText(issue("accountId")!)}</p>}
          <div className="grid-2">
            <SelectField<string>
              name="stage"
              label={f("stage")}
              value={values.stage || (stages[0]?.id ?? "")}
              onChange={(s) => {
                set("stage")(s);
                const target = stageById(settings, s);
                if (target) set("probability")(String(target.probability));
              }}
              options={stages.map((s) => ({ value: s.id, label: stageLabel(s) }))}
            />
            <SalesField
              name="amount"
              label={f("amount")}
              value={values.amount}
              onChange={set("amount")}
              issue={issue("amount")}
              inputMode="decimal"
            />
            <SalesField
              name="probability"
              label={f("probability")}
              value={values.probability}
              onChange={set("probability")}
              issue={issue("probability")}
              inputMode="decimal"
            />
            <SalesField
              name="closeDate"
              label={f("closeDate")}
              type="date"
              value={values.closeDate}
              onChange={set("closeDate")}
              issue={issue("closeDate")}
            />
            <PersonSelect
              name="owner"
              label={f("owner")}
              value={values.owner}
              onChange={set("owner")}
              nobody={t("people.nobody")}
            />
          </div>
        </>
      )}
    </RecordForm>
  );
}
