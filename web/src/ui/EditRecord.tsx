import { type CollectionName, recordTypes } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { type ComponentType, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import type { WriteResult } from "../local/store.js";
import { type FormValues, toFormValues } from "./RecordForm.js";

/** What a record type's form fields component receives. */
export interface FieldsProps<V extends FormValues> {
  title: string;
  initial: V;
  onSave(values: V): Promise<WriteResult>;
  onDone(id: string): void;
  onCancel(): void;
}

/** A record type's defaults as form values: the empty form. */
export function emptyValues(collection: CollectionName): FormValues {
  return toFormValues(recordTypes[collection].defaults() as unknown as FormValues, recordTypes[collection].defaults());
}

/** Editing an existing record: its fields component, fed the values the edit started from. */
export function EditRecord<V extends FormValues>(props: {
  collection: CollectionName;
  id: string;
  title: string;
  Fields: ComponentType<FieldsProps<V>>;
}) {
  const { collection, id, Fields } = props;
  const { store, db } = useRuntime();
  const [, navigate] = useLocation();
  const row = useLiveQuery(
    () =>
      db
        .table(collection)
        .get(id)
        .then((r) => r ?? null),
    [db, collection, id],
  );
  // The values the person starts from, frozen when the form opens: a teammate's live change to
  // another field must not look like an edit of ours when we save.
  const baseRef = useRef<V | null>(null);
  if (row && !baseRef.current) baseRef.current = toFormValues(emptyValues(collection) as V, row);
  if (row === undefined) return null;
  const base = baseRef.current;
  if (row === null || !base) return <NotFound back={`/${collection}`} />;
  return (
    <Fields
      key={id}
      title={props.title}
      initial={base}
      onSave={(v) => store.update(collection, id, v, base)}
      onDone={() => navigate(`/${collection}/${id}`, { replace: true })}
      onCancel={() => navigate(`/${collection}/${id}`)}
    />
  );
}

export function NotFound({ back }: { back: string }) {
  const { t } = useTranslation();
  return (
    <section className="page">
      <p className="empty">{t("common.notFound")}</p>
      <Link href={back}>{t("common.back")}</Link>
    </section>
  );
}
