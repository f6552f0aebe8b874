import {
  type FieldDescriptor,
  type FieldIssue,
  fieldsOf,
  type StoredRecord,
  type WorkspaceSettings,
} from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { type ComponentType, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useSearch } from "wouter";
import type { Key } from "../i18n/keys.js";
import type { WriteResult } from "../local/store.js";
import { useRuntime } from "../runtime/context.js";
import type { Runtime } from "../runtime/runtime.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { NotFound } from "../ui/NotFound.js";
import { RecordForm } from "../ui/RecordForm.js";
import {
  changedKeys,
  type FormValue,
  type FormValues,
  formFields,
  formInput,
  initialValues,
  isAccountScoped,
} from "./formModel.js";
import { type FormCollection, type FormSpec, formSpecs, newRecordBase } from "./formSpecs.js";
import { RecordFields } from "./RecordFields.js";

/** What a type's own part of the form (quote lines, a lead's score) is given. */
export interface FormSlotProps {
  values: FormValues;
  set(key: string, value: unknown): void;
  issue(field: string): FieldIssue | undefined;
  settings: WorkspaceSettings;
  /** What the form started from: the record being edited, or what a new record is given. */
  base: StoredRecord;
  /** The record being edited; null on a new record's form. */
  existing: StoredRecord | null;
}

/**
 * Where a record type's form departs from its descriptors: small, named parts, never a form of
 * its own. Every hook is optional.
 */
export interface FormSlots {
  /** More a new record is given from its link (an activity's "about"). */
  prefill?(params: URLSearchParams): StoredRecord;
  /** Values of the type's own part, from the record (a quote's lines as typed). */
  initial?(existing: StoredRecord | null): FormValues;
  /** Fields that follow a change (a deal's stage sets its probability). */
  follow?(key: string, value: unknown, values: FormValues, settings: WorkspaceSettings): FormValues;
  /** The type's part, after the fields. */
  Part?: ComponentType<FormSlotProps>;
  /** The input completed before it is saved (a lead's score, a deal's won/lost stamps). */
  complete?(input: StoredRecord, ctx: { settings: WorkspaceSettings; existing: StoredRecord | null }): StoredRecord;
  /** How a new record is created (a quote takes its number only once it is valid). */
  create?(input: StoredRecord, ctx: { runtime: Runtime; settings: WorkspaceSettings }): Promise<WriteResult>;
  /** The i18n key saying why the record cannot be edited now (an accepted quote), else null. */
  locked?(existing: StoredRecord): Key | null;
}

/** The fields the form of `collection` edits in this workspace now: custom fields included, live. */
function useFormFields(collection: FormCollection, settings: WorkspaceSettings, spec: FormSpec) {
  return useMemo(() => formFields(fieldsOf(collection, settings), spec), [collection, settings, spec]);
}

/** A new record's form: `/accounts/new`, `/cases/new?account=…` … */
export function NewRecord({ collection, slots = {} }: { collection: FormCollection; slots?: FormSlots }) {
  const { t } = useTranslation();
  const { me } = useRuntime();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const spec = formSpecs[collection];
  const account = params.get("account") ?? "";
  // What the new record is given is decided once, when the form opens.
  const [base] = useState<StoredRecord>(() => {
    const all = fieldsOf(collection);
    const keys = new Set(all.map((f) => f.key));
    const responsible = all.find((f) => f.responsible)?.key;
    return { ...newRecordBase(keys, params, spec, me.id, responsible), ...slots.prefill?.(params) };
  });
  const toAccount = account && spec.backToAccount ? `/accounts/${account}` : null;
  return (
    <FormBody
      collection={collection}
      spec={spec}
      slots={slots}
      title={t(spec.newTitle)}
      base={base}
      existing={null}
      onDone={(id) =>
        navigate(toAccount && spec.backToAccount === "saved" ? toAccount : `/${collection}/${id}`, { replace: true })
      }
      onCancel={() => (spec.list === "/activities" ? history.back() : navigate(toAccount ?? spec.list))}
    />
  );
}

/** An existing record's form, fed the record as it was when the form opened. */
export function EditRecord({
  collection,
  id,
  slots = {},
}: {
  collection: FormCollection;
  id: string;
  slots?: FormSlots;
}) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const [, navigate] = useLocation();
  const spec = formSpecs[collection];
  const row = useLiveQuery(
    () =>
      db
        .table<StoredRecord, string>(collection)
        .get(id)
        .then((r) => r ?? null),
    [db, collection, id],
  );
  // The values the person starts from, frozen when the form opens: a teammate's live change to
  // another field must not look like an edit of ours when we save.
  const baseRef = useRef<StoredRecord | null>(null);
  if (row && !baseRef.current) baseRef.current = row;
  if (row === undefined) return null;
  const base = baseRef.current;
  if (row === null || !base) return <NotFound back={spec.list} />;
  const locked = slots.locked?.(row);
  if (locked)
    return (
      <div className="empty">
        <p>{t(locked)}</p>
        <Link href={`/${collection}/${id}`} className="button">
          {t("common.back")}
        </Link>
      </div>
    );
  return (
    <FormBody
      key={id}
      collection={collection}
      spec={spec}
      slots={slots}
      title={t(spec.editTitle, base as Record<string, unknown>)}
      base={base}
      existing={base}
      onDone={() => navigate(`/${collection}/${id}`, { replace: true })}
      onCancel={() => navigate(`/${collection}/${id}`)}
    />
  );
}

function FormBody(props: {
  collection: FormCollection;
  spec: FormSpec;
  slots: FormSlots;
  title: string;
  base: StoredRecord;
  existing: StoredRecord | null;
  onDone(id: string): void;
  onCancel(): void;
}) {
  const { collection, spec, slots, base, existing } = props;
  const runtime = useRuntime();
  const { settings } = useWorkspaceSettings();
  const fields = useFormFields(collection, settings, spec);
  // Fields arrive with the settings (custom fields, a teammate adding one while the form is
  // open): each starts from the record's value; only what the person changed is kept as typed.
  const [slotStart] = useState(() => slots.initial?.(existing) ?? {});
  const initial = useMemo(
    () => ({ ...initialValues(fields, base, spec), ...slotStart }),
    [fields, base, spec, slotStart],
  );
  const [edits, setEdits] = useState<FormValues>({});
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const values = { ...initial, ...edits };
  const set = (key: string, value: unknown) => {
    setEdits((e) => {
      const before = { ...initial, ...e };
      const next = { ...before, [key]: value };
      return { ...e, [key]: value, ...follows(fields, before, next), ...slots.follow?.(key, value, next, settings) };
    });
    setIssues((list) => list.filter((i) => i.field !== key && !i.field.startsWith(`${key}.`)));
  };
  const save = async (): Promise<WriteResult> => {
    let input = formInput(fields, values, initial, base, spec);
    input = slots.complete?.(input, { settings, existing }) ?? input;
    if (existing) return runtime.store.update(collection, String(existing.id), input, existing);
    return slots.create ? slots.create(input, { runtime, settings }) : runtime.store.create(collection, input);
  };
  const issue = (key: string) => issues.find((i) => i.field === key);
  const Part = slots.Part;
  return (
    <RecordForm
      title={props.title}
      dirty={changedKeys(values, initial).length > 0}
      save={save}
      onDone={props.onDone}
      onCancel={props.onCancel}
      issues={issues}
      onIssues={setIssues}
      className={`record-form form-${collection}`}
    >
      <RecordFields
        fields={fields}
        values={values}
        set={(k, v: FormValue) => set(k, v)}
        issue={issue}
        dayFields={spec.dayFields}
        nobody={spec.nobody}
      />
      {Part && <Part values={values} set={set} issue={issue} settings={settings} base={base} existing={existing} />}
    </RecordForm>
  );
}

/**
 * A new account empties the references that belong to the old one (a case's contact, a quote's
 * deal): they would point into another customer.
 */
function follows(fields: readonly FieldDescriptor[], before: FormValues, next: FormValues): FormValues {
  if (before.accountId === next.accountId) return {};
  const out: FormValues = {};
  for (const f of fields) if (isAccountScoped(f) && next[f.key] !== "") out[f.key] = "";
  return out;
}
